package io.distill4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.Provenance;
import io.distill4j.data.Normalization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a weights file needs to be used on its own, written atomically beside it ({@code X.params}
 * → {@code X.json}): the architecture, the side of the images it takes, their channel order (RGB)
 * and layout (CHW), the normalization applied to raw pixel values 0–255 ({@code (v − mean) / std}
 * per channel), the class names in label order, the dataset it was trained on (name and, where
 * known, fingerprint) and the distill4j version that wrote it. Weights written before manifests
 * existed have none: they imply 32×32 CIFAR-10 images and classes, with the normalization of the
 * training split (see {@link #legacy}).
 *
 * @param architecture the registered model name
 * @param inputSide side of the square images the model is given (the dataset's image size; the
 *     227×227 models resize it themselves)
 * @param normalization per-channel mean and std in pixel units (0–255)
 * @param classNames one distinct name per class, in label order
 * @param dataset name of the training dataset
 * @param datasetFingerprint the dataset's fingerprint, or {@code null} where none is known
 * @param distill4jVersion the version that wrote the weights
 */
public record ModelManifest(
        String architecture, int inputSide, Normalization normalization, List<String> classNames, String dataset,
        String datasetFingerprint, String distill4jVersion) {
    /** The only channel order distill4j uses. */
    public static final String CHANNEL_ORDER = "RGB";
    /** The only pixel layout distill4j uses: channel planes, rows, columns. */
    public static final String LAYOUT = "CHW";
    /** What the normalization's mean and std apply to. */
    public static final String VALUE_RANGE = "0-255";
    /** Format tag of this version of the manifest. */
    public static final String FORMAT = "distill4j-model-manifest-v1";
    /** Every key of a manifest, in file order. */
    public static final List<String> KEYS = List.of("format", "architecture", "input_side", "channel_order", "layout",
            "value_range", "mean", "std", "class_names", "dataset", "dataset_fingerprint", "distill4j_version");
    /** CIFAR-10's class names in label order: the classes of weights written before manifests. */
    public static final List<String> CIFAR10_CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private static final ObjectMapper JSON = Json.mapper();

    /** Checks every part; a problem is a {@link BadInputException} naming it. */
    public ModelManifest {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(distill4jVersion, "distill4jVersion");
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty() || new HashSet<>(classNames).size() != classNames.size()) {
            throw new BadInputException("a model manifest needs distinct class names, got " + classNames);
        }
        ModelRegistry.spec(architecture, inputSide, classNames.size());
    }

    /**
     * @param network the trained model
     * @param normalization the normalization its images were given
     * @param classNames the dataset's class names, as many as the model's outputs
     * @param dataset the dataset's name
     * @param fingerprint the dataset's fingerprint, or {@code null}
     * @return the manifest of {@code network}, written by this version
     */
    public static ModelManifest of(
            Network network, Normalization normalization, List<String> classNames, String dataset, String fingerprint) {
        if (classNames.size() != network.inputShape().classes()) {
            throw new IllegalArgumentException(network.architecture() + " has " + network.inputShape().classes()
                    + " outputs but " + classNames.size() + " class names were given");
        }
        return new ModelManifest(network.architecture(), network.inputShape().side(), normalization, classNames,
                dataset, fingerprint, Provenance.productVersion());
    }

    /**
     * What weights written before manifests implied: 32×32 images, CIFAR-10's classes, the
     * normalization of the training split they were trained on (recomputed by the caller).
     *
     * @param architecture the architecture named in the weights file
     * @param normalization the recomputed normalization
     * @param dataset the dataset it was trained on ({@code cifar10} or {@code synthetic} then)
     * @return the implied manifest, version {@code before-manifests}
     */
    public static ModelManifest legacy(String architecture, Normalization normalization, String dataset) {
        return new ModelManifest(architecture, InputShape.CIFAR10.side(), normalization, CIFAR10_CLASSES, dataset,
                null, "before-manifests");
    }

    /** @return the image side and class count the model was built for */
    public InputShape inputShape() {
        return new InputShape(inputSide, classNames.size());
    }

    /**
     * @param weights a weights file, {@code X.params}
     * @return its manifest's path, {@code X.json} beside it
     */
    public static Path pathFor(Path weights) {
        String name = weights.getFileName().toString();
        String stem = name.endsWith(".params") ? name.substring(0, name.length() - ".params".length()) : name;
        return weights.resolveSibling(stem + ".json");
    }

    /**
     * Refuses to use this model on data other than what it was trained on: another class list is
     * always refused when the counts differ (the outputs would not line up), otherwise, as another
     * dataset name or fingerprint, unless {@code allowOtherData}.
     *
     * @param what the model, for the message, e.g. {@code --teacher runs/a/models/teacher.params}
     * @param otherDataset the data's name
     * @param otherFingerprint the data's fingerprint, or {@code null} (then fingerprints are not compared)
     * @param otherClasses the data's class names in label order
     * @param allowOtherData whether other data with as many classes is meant ({@code --allow-other-data})
     * @throws BadInputException naming both, in one line
     */
    public void checkCompatible(
            String what, String otherDataset, String otherFingerprint, List<String> otherClasses, boolean allowOtherData) {
        boolean sameCount = otherClasses.size() == classNames.size();
        boolean same = classNames.equals(otherClasses) && dataset.equals(otherDataset)
                && (datasetFingerprint == null || otherFingerprint == null || datasetFingerprint.equals(otherFingerprint));
        if (same || (sameCount && allowOtherData)) {
            return;
        }
        throw new BadInputException(what + " was trained on " + describe(dataset, datasetFingerprint, classNames)
                + ", not on " + describe(otherDataset, otherFingerprint, otherClasses) + ": "
                + (sameCount ? "give a model trained on this data, or pass --allow-other-data if that is meant"
                        : "give a model trained on this data (the class counts differ, so no option can pair them)"));
    }

    /**
     * Refuses data whose classes are not this model's, whatever the dataset is called: evaluating
     * on the same classes from another source (the same images as a folder) is meant.
     *
     * @param what the model, for the message
     * @param otherDataset the data's name
     * @param otherClasses the data's class names in label order
     * @throws BadInputException naming both, in one line
     */
    public void requireClasses(String what, String otherDataset, List<String> otherClasses) {
        if (!classNames.equals(otherClasses)) {
            throw new BadInputException(what + " was trained on " + describe(dataset, datasetFingerprint, classNames)
                    + ", not on " + describe(otherDataset, null, otherClasses)
                    + ": give the dataset it was trained on");
        }
    }

    private static String describe(String dataset, String fingerprint, List<String> classes) {
        return "'" + dataset + "'" + (fingerprint == null ? "" : " (fingerprint " + fingerprint + ")") + " with "
                + describeClasses(classes);
    }

    /** @return e.g. {@code 10 classes (airplane, automobile, bird, …)}: the count and the first three names */
    public static String describeClasses(List<String> classes) {
        String names = String.join(", ", classes.subList(0, Math.min(3, classes.size())))
                + (classes.size() > 3 ? ", …" : "");
        return classes.size() + " classes (" + names + ")";
    }

    /**
     * Writes the manifest atomically (see {@link AtomicFiles}).
     *
     * @param file destination, usually {@link #pathFor} of the weights
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT).put("architecture", architecture).put("input_side", inputSide)
                .put("channel_order", CHANNEL_ORDER).put("layout", LAYOUT).put("value_range", VALUE_RANGE);
        ArrayNode mean = root.putArray("mean");
        ArrayNode std = root.putArray("std");
        for (int c = 0; c < 3; c++) {
            mean.add(normalization.mean()[c]);
            std.add(normalization.std()[c]);
        }
        classNames.forEach(root.putArray("class_names")::add);
        root.put("dataset", dataset).put("dataset_fingerprint", datasetFingerprint)
                .put("distill4j_version", distill4jVersion);
        byte[] bytes = (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /**
     * @param file a file written by {@link #write}
     * @return the manifest
     * @throws BadInputException in one line naming the file, if it is unreadable, not JSON, has an
     *     unknown or missing key, a value of the wrong type or an unsupported channel order
     */
    public static ModelManifest read(Path file) {
        JsonFields f = JsonFields.read(file, KEYS, problem -> bad(file, problem));
        if (!FORMAT.equals(f.text("format"))) {
            throw bad(file, "has format '" + f.text("format") + "', not " + FORMAT);
        }
        f.fixed("channel_order", CHANNEL_ORDER);
        f.fixed("layout", LAYOUT);
        f.fixed("value_range", VALUE_RANGE);
        int side = f.wholeNumber("input_side");
        try {
            Normalization norm = new Normalization(f.rgb("mean"), f.rgb("std"));
            List<String> classes = f.strings("class_names");
            JsonNode fingerprint = f.present("dataset_fingerprint");
            if (!fingerprint.isNull() && !fingerprint.isTextual()) {
                throw bad(file, "key 'dataset_fingerprint' must be a string or null");
            }
            return new ModelManifest(f.text("architecture"), side, norm, classes, f.text("dataset"),
                    fingerprint.isNull() ? null : fingerprint.asText(), f.text("distill4j_version"));
        } catch (BadInputException e) {
            throw e.getMessage().startsWith("model manifest ") ? e : bad(file, "is invalid: " + e.getMessage());
        }
    }

    private static BadInputException bad(Path file, String problem) {
        return new BadInputException("model manifest " + file + " " + problem
                + ": restore the manifest written with the weights");
    }}
