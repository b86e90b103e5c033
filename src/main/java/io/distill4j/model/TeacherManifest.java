package io.distill4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.BadInputException;
import io.distill4j.engine.Dims;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input contract of a teacher exported from PyTorch, in {@code teacher.json} beside
 * {@code teacher.pt} (written by {@code tools/export_teacher.py}): the side of the square images it
 * takes, their channel order, the value range its mean and std apply to, the class names, and the
 * name and per-image shape of each output. The first output is the logits; the others are features
 * that the feature and relation methods use by name ({@code embedding} for a vector, any name for a
 * {@code (C, H, W)} map, in forward order).
 *
 * @param inputSide side of the square images the module takes
 * @param channelOrder {@code RGB} or {@code BGR}
 * @param valueRange {@code 0-1} (pixels divided by 255 before the mean and std apply, as torchvision
 *     does) or {@code 0-255}
 * @param mean per channel, in the module's channel order and value range
 * @param std per channel, in the module's channel order and value range
 * @param classNames one distinct name per output class, in logit order
 * @param outputs each output's name → its shape for one image, in the module's output order
 */
public record TeacherManifest(int inputSide, String channelOrder, String valueRange, float[] mean, float[] std,
        List<String> classNames, Map<String, Dims> outputs) {
    /** Format tag of this version of the manifest. */
    public static final String FORMAT = "distill4j-torchscript-teacher-v1";
    /** Every key of the manifest. */
    public static final List<String> KEYS = List.of("format", "input_side", "channel_order", "value_range", "mean",
            "std", "class_names", "outputs");
    /** The channel orders a module may take. */
    public static final List<String> CHANNEL_ORDERS = List.of("RGB", "BGR");
    /** The value ranges a module's normalization may apply to. */
    public static final List<String> VALUE_RANGES = List.of("0-1", "0-255");

    /** Copies the collections. */
    public TeacherManifest {
        classNames = List.copyOf(classNames);
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** @return {@code teacher.json} for {@code teacher.pt}: the same name with {@code .json} */
    public static Path pathFor(Path module) {
        String name = module.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return module.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /** @return the features: every output but the first, with its shape for one image */
    public Map<String, Dims> features() {
        Map<String, Dims> f = new LinkedHashMap<>(outputs);
        f.remove(outputs.keySet().iterator().next());
        return f;
    }

    /**
     * @param file a {@code teacher.json}
     * @return the manifest
     * @throws BadInputException in one line naming the file, for an unreadable file, an unknown or
     *     missing key, a wrong type, an unsupported channel order or value range, repeated names,
     *     or a first output that is not one logit per class
     */
    public static TeacherManifest read(Path file) {
        JsonFields f = JsonFields.read(file, KEYS, problem -> bad(file, problem));
        if (!FORMAT.equals(f.text("format"))) {
            throw bad(file, "has format '" + f.text("format") + "', not " + FORMAT);
        }
        int side = f.wholeNumber("input_side");
        if (side < 1 || side > InputShape.MAX_SIDE) {
            throw bad(file, "has input_side " + side + ", outside [1, " + InputShape.MAX_SIDE + "]");
        }
        String order = oneOf(f, "channel_order", CHANNEL_ORDERS);
        String range = oneOf(f, "value_range", VALUE_RANGES);
        float[] mean = f.rgb("mean");
        float[] std = f.rgb("std");
        for (float s : std) {
            if (!(s > 0)) {
                throw bad(file, "has a std of " + s + "; every std must be positive");
            }
        }
        List<String> classes = f.strings("class_names");
        if (classes.size() < 2 || classes.stream().distinct().count() != classes.size()) {
            throw bad(file, "needs at least 2 distinct class names, got " + classes);
        }
        Map<String, Dims> outputs = new LinkedHashMap<>();
        for (JsonNode o : f.array("outputs")) {
            JsonNode name = o.get("name");
            JsonNode shape = o.get("shape");
            if (name == null || !name.isTextual() || shape == null || !shape.isArray() || o.size() != 2) {
                throw bad(file, "has an output that is not {\"name\": …, \"shape\": [...]}: " + o);
            }
            List<Long> dims = new ArrayList<>();
            shape.forEach(d -> dims.add(d.isIntegralNumber() && d.asLong() > 0 ? d.asLong() : -1));
            if (dims.isEmpty() || dims.contains(-1L) || outputs.put(name.asText(), Dims.of(dims.stream().mapToLong(Long::longValue).toArray())) != null) {
                throw bad(file, "has output '" + name.asText() + "' repeated or with a shape of other than positive"
                        + " whole numbers: " + shape);
            }
        }
        if (outputs.isEmpty()) {
            throw bad(file, "names no output; the first output must be the logits");
        }
        Dims logits = outputs.values().iterator().next();
        if (!logits.equals(Dims.of(classes.size()))) {
            throw bad(file, "has a first output of shape " + logits + ", not the logits of its " + classes.size()
                    + " classes");
        }
        return new TeacherManifest(side, order, range, mean, std, classes, outputs);
    }

    private static String oneOf(JsonFields f, String key, List<String> valid) {
        String v = f.text(key);
        if (!valid.contains(v)) {
            throw f.bad("has " + key + " '" + v + "'; valid values are " + String.join(", ", valid));
        }
        return v;
    }

    private static BadInputException bad(Path file, String problem) {
        return new BadInputException("teacher manifest " + file + " " + problem
                + ": write it with tools/export_teacher.py");
    }
}
