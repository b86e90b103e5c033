package io.distill4j.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * The type of a setting's value and its three spellings: command-line text, a value of a
 * {@code --config} file (JSON or YAML) or of {@code config.json}, and what {@code config.json}
 * stores.
 *
 * @param noun what a value is, for messages: {@code a number}, {@code a list of numbers}, …
 * @param parse command-line text to a value; throws {@link IllegalArgumentException} for bad text
 * @param read a file's value, or {@code null} when the node has another type
 * @param write the value as {@code config.json} stores it
 * @param merge how the values of a repeated flag combine, or {@code null} where the flag is given once
 * @param <T> the value type
 */
public record Kind<T>(String noun, Function<String, T> parse, Function<JsonNode, T> read, Function<T, Object> write,
        BinaryOperator<T> merge) {

    /** Whole numbers. */
    public static final Kind<Integer> INTEGER = scalar("a whole number", Integer::valueOf,
            n -> n.isIntegralNumber() && n.canConvertToInt() ? n.intValue() : null);
    /** Long whole numbers. */
    public static final Kind<Long> LONG = scalar("a whole number", Long::valueOf,
            n -> n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null);
    /** Real numbers. */
    public static final Kind<Double> NUMBER = scalar("a number", Double::valueOf, n -> n.isNumber() ? n.doubleValue() : null);
    /** Names and other text. */
    public static final Kind<String> TEXT = scalar("a text", s -> s, n -> n.isTextual() ? n.textValue() : null);
    /** Switches: a flag and its {@code --no-} form on the command line, {@code true}/{@code false} in files. */
    public static final Kind<Boolean> BOOLEAN = scalar("true or false", Kind::parseBoolean,
            n -> n.isBoolean() ? n.booleanValue() : null);
    /** File system paths. */
    public static final Kind<Path> PATH = new Kind<>("a path", Path::of,
            n -> n.isTextual() ? Path.of(n.textValue()) : null, Path::toString, null);
    /** Comma-separated numbers on the command line, a list in files. */
    public static final Kind<List<Double>> NUMBERS = list("a list of numbers", NUMBER);
    /** Comma-separated names on the command line, a list in files. */
    public static final Kind<List<String>> TEXTS = list("a list of names", TEXT);
    /** {@code KEY=NUMBER}, repeatable, on the command line; an object of numbers in files. */
    public static final Kind<Map<String, Double>> NUMBER_MAP = new Kind<>("KEY=NUMBER pairs", Kind::parseEntry,
            Kind::readMap, v -> v, Kind::mergeMaps);

    private static <T> Kind<T> scalar(String noun, Function<String, T> parse, Function<JsonNode, T> read) {
        return new Kind<>(noun, parse, read, v -> v, null);
    }

    private static Boolean parseBoolean(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(text);
        }
        return Boolean.valueOf(text);
    }

    private static <E> Kind<List<E>> list(String noun, Kind<E> element) {
        return new Kind<>(noun,
                text -> Arrays.stream(text.split(",", -1)).map(s -> element.parse.apply(s.trim())).toList(),
                node -> {
                    if (!node.isArray()) {
                        return null;
                    }
                    List<E> values = new ArrayList<>();
                    for (JsonNode item : node) {
                        E value = element.read.apply(item);
                        if (value == null) {
                            return null;
                        }
                        values.add(value);
                    }
                    return List.copyOf(values);
                }, v -> v, null);
    }

    private static Map<String, Double> parseEntry(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(text);
        }
        return Map.of(text.substring(0, eq), Double.valueOf(text.substring(eq + 1)));
    }

    private static Map<String, Double> readMap(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isNumber()) {
                return null;
            }
            values.put(e.getKey(), e.getValue().doubleValue());
        }
        return Collections.unmodifiableMap(values);
    }

    private static Map<String, Double> mergeMaps(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> merged = new LinkedHashMap<>(a);
        merged.putAll(b);
        return Collections.unmodifiableMap(merged);
    }

    /**
     * @param text command-line text
     * @return the value
     * @throws IllegalArgumentException naming the text and what it should be
     */
    public T fromText(String text) {
        try {
            return parse.apply(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not " + noun, e);
        }
    }
}
