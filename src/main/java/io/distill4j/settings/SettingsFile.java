package io.distill4j.settings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Settings as files hold them, keyed as {@link Settings} describes: a {@code --config} file (JSON,
 * or YAML for {@code .yaml}/{@code .yml}) keyed by flag names without dashes, e.g.
 * {@code teacher-epochs: 20}; and the {@code settings} object of a run's {@code config.json}, keyed
 * in snake_case, including the nested optimizer objects that runs before the optimizer flags wrote.
 */
public final class SettingsFile {
    private SettingsFile() {}

    private static final ObjectMapper JSON = Json.mapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** {@code config.json} keys of the optimizer objects older runs wrote, and their settings. */
    private static final Map<String, Settings.Optimizer> LEGACY_OPTIMIZERS =
            Map.of("teacher_optimizer", Settings.TEACHER_SGD, "student_optimizer", Settings.STUDENT_SGD);

    /**
     * @param file a JSON or YAML file
     * @return its settings, not yet validated (see {@link StudyConfig#of}); relative paths in it are
     *     taken relative to the file's folder, so that a config file and the data beside it move together
     * @throws BadInputException for a missing file, a syntax error, an unknown key or a wrong type
     */
    public static SettingValues read(Path file) {
        String where = "--config " + file;
        JsonNode root = tree(file, where);
        if (root == null || root.isMissingNode() || root.isNull() || root.isEmpty() && root.isObject()) {
            throw new BadInputException(where + " is empty: give at least one setting, e.g. teacher-epochs");
        }
        return relativeTo(read(root, where), file);
    }

    /**
     * @param values settings read from {@code file}
     * @param file the file they come from
     * @return the settings with every relative path resolved against the file's folder
     */
    public static SettingValues relativeTo(SettingValues values, Path file) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        SettingValues resolved = values;
        for (Setting<?> s : Settings.ALL) {
            if (s.kind() == Kind.PATH && values.has(s) && values.get(s) instanceof Path p && !p.isAbsolute()) {
                resolved = resolved.withValue(s, folder.resolve(p).normalize());
            }
        }
        return resolved;
    }

    /**
     * @param file a JSON or YAML file
     * @param where how messages name it, e.g. {@code --config s.yaml}
     * @return its content
     * @throws BadInputException for a missing file or a syntax error
     */
    public static JsonNode tree(Path file, String where) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(where + " does not exist: give a JSON or YAML settings file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        try {
            return (yaml ? YAML : JSON).readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(where + " is not valid " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * @param object settings keyed by flag names without dashes
     * @param where how messages name the object, e.g. {@code --config s.yaml}
     * @return its settings, not yet validated (see {@link StudyConfig#of})
     * @throws BadInputException for an unknown key or a wrong type
     */
    public static SettingValues read(JsonNode object, String where) {
        if (!object.isObject()) {
            throw new BadInputException(where + " must hold key: value pairs, e.g. teacher-epochs: 20");
        }
        SettingValues values = SettingValues.empty();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            Setting<?> s = setting(e.getKey(), where + ": unknown key");
            values = values.withValue(s, value(s, e.getValue(), where + ": key"));
        }
        return values;
    }

    /**
     * @param name a setting's flag name without dashes
     * @param problem how the message starts, e.g. {@code sweep.yaml: unknown key}
     * @return the setting
     * @throws BadInputException listing the valid names
     */
    public static Setting<?> setting(String name, String problem) {
        Map<String, Setting<?>> byKey = keyed(Setting::name);
        Setting<?> s = byKey.get(name);
        if (s == null) {
            throw new BadInputException(problem + " '" + name + "'; valid keys are "
                    + byKey.keySet().stream().sorted().collect(Collectors.joining(", ")));
        }
        return s;
    }

    /**
     * @param s a setting
     * @param node its value as a file holds it
     * @param problem how a wrong type's message starts, e.g. {@code s.yaml: key}
     * @return the value, {@code null} for a JSON null
     * @throws BadInputException for a value of the wrong type
     */
    public static Object value(Setting<?> s, JsonNode node, String problem) {
        return value(s, node, () -> new BadInputException(problem + " '" + s.name() + "' has the wrong type (expected "
                + s.kind().noun() + ")"));
    }

    /**
     * @param config a study's settings
     * @return the {@code settings} object of its {@code config.json}, every setting by its key
     */
    public static Map<String, Object> toJson(StudyConfig config) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (Setting<?> s : Settings.ALL) {
            doc.put(s.jsonKey(), write(s, config.values()));
        }
        return doc;
    }

    /**
     * @param settings the {@code settings} object of a {@code config.json}, of this or an earlier version
     * @return the run's configuration; settings an earlier version did not write take the preset's defaults
     * @throws IOException naming an unknown key or a wrong type
     */
    public static StudyConfig fromJson(JsonNode settings) throws IOException {
        if (!settings.isObject()) {
            throw new IOException("'settings' is not an object");
        }
        Map<String, Setting<?>> byKey = keyed(Setting::jsonKey);
        SettingValues values = SettingValues.empty();
        for (Map.Entry<String, JsonNode> e : settings.properties()) {
            Settings.Optimizer legacy = LEGACY_OPTIMIZERS.get(e.getKey());
            if (legacy != null) {
                values = legacyOptimizer(legacy, e.getValue()).over(values);
                continue;
            }
            Setting<?> s = byKey.get(e.getKey());
            if (s == null) {
                throw new IOException("unknown setting '" + e.getKey() + "'");
            }
            values = values.withValue(s, value(s, e.getValue(),
                    () -> new IOException("setting '" + e.getKey() + "' is not " + s.kind().noun())));
        }
        return StudyConfig.of(values);
    }

    /** The {@code {learning_rate, momentum, weight_decay, warmup_epochs, schedule}} object of older runs. */
    private static SettingValues legacyOptimizer(Settings.Optimizer o, JsonNode node) throws IOException {
        if (!node.isObject()) {
            throw new IOException("optimizer settings are not an object");
        }
        SettingValues values = SettingValues.empty();
        Map<String, Setting<Double>> numbers = Map.of("learning_rate", o.lr(), "momentum", o.momentum(),
                "weight_decay", o.weightDecay(), "warmup_epochs", o.warmupEpochs());
        for (Map.Entry<String, Setting<Double>> e : numbers.entrySet()) {
            values = values.withValue(e.getValue(), value(e.getValue(), node.path(e.getKey()),
                    () -> new IOException("optimizer setting '" + e.getKey() + "' is not a number")));
        }
        JsonNode schedule = node.path("schedule");
        return values.withValue(o.schedule(), schedule.isTextual() ? schedule.textValue().toLowerCase(Locale.ROOT) : null);
    }

    /** A thrower that may throw a checked exception. */
    private interface Failure<E extends Exception> {
        E get();
    }

    /** @return the node's value for the setting, {@code null} for a JSON null or absent node */
    private static <E extends Exception> Object value(Setting<?> s, JsonNode node, Failure<E> wrongType) throws E {
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        Object value = s.kind().read().apply(node);
        if (value == null) {
            throw wrongType.get();
        }
        return value;
    }

    private static <T> Object write(Setting<T> s, SettingValues values) {
        T value = values.get(s);
        return value == null ? null : s.kind().write().apply(value);
    }

    private static Map<String, Setting<?>> keyed(Function<Setting<?>, String> key) {
        return Settings.ALL.stream().collect(Collectors.toMap(key, s -> s, (a, b) -> a, LinkedHashMap::new));
    }
}
