package io.distill4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Strict reading of a small JSON object (a manifest): every problem is one {@link
 * BadInputException} in the caller's wording (naming the file and the fix).
 */
final class JsonFields {
    private final JsonNode root;
    private final Function<String, BadInputException> bad;

    private JsonFields(JsonNode root, Function<String, BadInputException> bad) {
        this.root = root;
        this.bad = bad;
    }

    /**
     * @param file the JSON file
     * @param keys every key the object may hold
     * @param bad turns a problem ("lacks key 'x'") into the caller's one-line error
     * @return the object's fields
     * @throws BadInputException if the file is unreadable, not a JSON object or holds an unknown key
     */
    static JsonFields read(Path file, List<String> keys, Function<String, BadInputException> bad) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw bad.apply("cannot be read as JSON (" + message + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad.apply("is not a JSON object");
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                throw bad.apply("has unknown key '" + k + "'; valid keys are " + String.join(", ", keys));
            }
        });
        return new JsonFields(root, bad);
    }

    /** @return the problem as the caller's one-line error */
    BadInputException bad(String problem) {
        return bad.apply(problem);
    }

    JsonNode present(String key) {
        JsonNode v = root.get(key);
        if (v == null) {
            throw bad.apply("lacks key '" + key + "'");
        }
        return v;
    }

    String text(String key) {
        JsonNode v = present(key);
        if (!v.isTextual()) {
            throw bad.apply("key '" + key + "' must be a string");
        }
        return v.asText();
    }

    int wholeNumber(String key) {
        JsonNode v = present(key);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw bad.apply("key '" + key + "' must be a whole number");
        }
        return v.asInt();
    }

    void fixed(String key, String expected) {
        String v = text(key);
        if (!expected.equals(v)) {
            throw bad.apply("has " + key + " '" + v + "'; distill4j reads only " + expected);
        }
    }

    JsonNode array(String key) {
        JsonNode v = present(key);
        if (!v.isArray()) {
            throw bad.apply("key '" + key + "' must be a list");
        }
        return v;
    }

    List<String> strings(String key) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode n : array(key)) {
            if (!n.isTextual()) {
                throw bad.apply("key '" + key + "' must hold strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    /** @return the three numbers (R, G, B) of {@code key} */
    float[] rgb(String key) {
        JsonNode v = array(key);
        if (v.size() != 3) {
            throw bad.apply("key '" + key + "' must hold 3 numbers (R, G, B), not " + v.size());
        }
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            if (!v.get(c).isNumber()) {
                throw bad.apply("key '" + key + "' must hold numbers");
            }
            out[c] = (float) v.get(c).asDouble();
        }
        return out;
    }
}
