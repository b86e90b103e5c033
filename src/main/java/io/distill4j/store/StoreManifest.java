package io.distill4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code store.json}: what a teacher-output store holds and for which training views. It is written
 * last, so a store without it is incomplete. A run reads the store only if its own {@link Views}
 * equal the store's, seeds and epochs aside, which the store must cover.
 *
 * @param format {@link #FORMAT}
 * @param teacher the teacher that produced the outputs
 * @param views the augmented training views the outputs belong to
 * @param logits how the logits are stored
 * @param features the teacher features stored besides the logits (column {@code feature_<name>})
 * @param provenance code version, engine, threads and time of the build
 */
public record StoreManifest(String format, Teacher teacher, Views views, Logits logits, List<String> features,
        Map<String, Object> provenance) {
    /** The format this code writes and reads. */
    public static final String FORMAT = "distill4j-teacher-outputs/1";
    /** The manifest's file name in the store. */
    public static final String FILE = "store.json";

    /** Copies the lists. */
    public StoreManifest {
        features = List.copyOf(features);
        provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }

    /**
     * The teacher, described well enough to pair its features with a student's without its weights.
     *
     * @param architecture its name ({@code alexnet}, {@code torchscript:FILE})
     * @param file the weights or module file it was loaded from
     * @param sha256 that file's SHA-256
     * @param side the image side it is given
     * @param classes its class count
     * @param featureShapes every feature it has → shape for one image, in forward order
     */
    public record Teacher(String architecture, String file, String sha256, int side, int classes,
            Map<String, List<Long>> featureShapes) {}

    /**
     * Everything that decides which images, in which order and with which augmentation, the students
     * see: a run may read the store only if these are equal (seeds and epochs: covered).
     *
     * @param dataset dataset name
     * @param fingerprint the dataset's fingerprint
     * @param classNames its classes, in label order
     * @param imageSize the image side
     * @param trainLimit {@code --train-limit}
     * @param validationFraction {@code --validation-fraction}
     * @param splitSeed {@code --split-seed}
     * @param trainImages images in the training split
     * @param mean per-channel normalization mean of the training split
     * @param std per-channel normalization standard deviation
     * @param batchSize training batch size
     * @param augment whether batches are cropped and flipped
     * @param seeds the study seeds whose student views are stored (the views of seed s are drawn with data seed s + 1)
     * @param epochs epochs stored per seed
     * @param unlabelled the fingerprint of the unlabelled images the views are made of ({@code
     *     --unlabelled-dir}, then {@code trainImages} counts them), or {@code null} for the training split
     */
    public record Views(String dataset, String fingerprint, List<String> classNames, int imageSize, int trainLimit,
            double validationFraction, long splitSeed, int trainImages, List<Float> mean, List<Float> std,
            int batchSize, boolean augment, List<Long> seeds, int epochs, String unlabelled) {}

    /**
     * @param precision {@code float32}, or {@code float16} (IEEE half bit patterns in int16 columns)
     * @param topK 0 for every class's logit; else the k largest (columns {@code topk_index},
     *     {@code topk_logit}) and {@code rest_logit}, the log-mean-exp of the others, which keeps
     *     their total softmax mass at temperature 1
     */
    public record Logits(String precision, int topK) {
        /** Valid precisions. */
        public static final List<String> PRECISIONS = List.of("float32", "float16");
    }

    /**
     * @param store the store directory
     * @return its manifest
     * @throws BadInputException if it has none, or one of another format
     */
    public static StoreManifest read(Path store) {
        Path file = store.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--teacher-outputs " + store + " has no " + FILE
                    + ": it is not a teacher-output store, or its build did not finish; build it with `distill teacher-outputs`");
        }
        ObjectMapper mapper = Json.mapper();
        try {
            JsonNode node = mapper.readTree(file.toFile());
            if (node == null || !FORMAT.equals(node.path("format").asText())) {
                throw new BadInputException(file + " is not a " + FORMAT + " manifest (format "
                        + (node == null ? "missing" : node.path("format")) + "): build the store again with this version");
            }
            return mapper.treeToValue(node, StoreManifest.class);
        } catch (IOException e) {
            throw new BadInputException(file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "): build the store again");
        }
    }

    /**
     * @param store the store directory
     * @throws IOException if it cannot be written
     */
    public void write(Path store) throws IOException {
        AtomicFiles.write(store.resolve(FILE), Json.mapper().writeValueAsBytes(this));
    }

    /**
     * @param store where this manifest was read from, for messages
     * @param run the views a run will train on
     * @throws BadInputException naming the first difference, or the seed or epochs not stored
     */
    public void requireCovers(Path store, Views run) {
        ObjectMapper mapper = Json.mapper();
        JsonNode mine = mapper.valueToTree(views);
        JsonNode theirs = mapper.valueToTree(run);
        for (Iterator<String> it = mine.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.equals("seeds") || key.equals("epochs") || mine.get(key).equals(theirs.get(key))) {
                continue;
            }
            throw new BadInputException("store " + store + " was built with " + key.replace('_', '-') + " "
                    + brief(mine.get(key)) + " but this run has " + brief(theirs.get(key))
                    + ": build a store with this run's settings (`distill teacher-outputs`) or run without --teacher-outputs");
        }
        for (long seed : run.seeds()) {
            if (!views.seeds().contains(seed)) {
                throw new BadInputException("store " + store + " holds seeds " + views.seeds() + " but this run needs seed "
                        + seed + ": build the store with this run's --seed and --seeds");
            }
        }
        if (run.epochs() > views.epochs()) {
            throw new BadInputException("store " + store + " holds " + views.epochs() + " epochs but this run trains "
                    + run.epochs() + ": build the store with --student-epochs " + run.epochs());
        }
    }

    private static String brief(JsonNode value) {
        String text = value == null || value.isNull() ? "none" : value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "…" : text;
    }
}
