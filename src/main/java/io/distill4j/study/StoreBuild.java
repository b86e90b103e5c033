package io.distill4j.study;

import io.distill4j.settings.StudyConfig;
import io.distill4j.settings.StudentRun;
import io.distill4j.BadInputException;
import io.distill4j.Provenance;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.TrainingSplits;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.eval.DeepEvaluation;
import io.distill4j.model.Classifier;
import io.distill4j.model.ModelOutput;
import io.distill4j.outputs.StoreManifest;
import io.distill4j.outputs.StoreWriter;
import io.distill4j.outputs.TeacherStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * {@code distill teacher-outputs}: runs a given teacher over exactly the augmented views that a
 * study with the same settings shows its students (each seed's batch order and augmentation, every
 * epoch) and stores its outputs, with its scores and test-set logits, in a {@link TeacherStore}.
 * The steps are public so that a distributed job computes the same views: {@link #start} (the
 * teacher's scores), {@link #views} of any batch range of a seed and epoch on any machine that
 * {@link #open}s the same settings, and {@link #finish} (test-set logits, {@code store.json} last).
 */
public final class StoreBuild implements AutoCloseable {
    /**
     * What a build stores besides the views' identity.
     *
     * @param precision {@code float32} or {@code float16}
     * @param topK 0 for every logit, else how many of the largest to keep
     * @param features teacher features to store besides the logits
     */
    public record Options(String precision, int topK, List<String> features) {
        /** Checks the values. */
        public Options {
            if (!StoreManifest.Logits.PRECISIONS.contains(precision)) {
                throw new BadInputException("--store-precision " + precision + " is not one of " + StoreManifest.Logits.PRECISIONS);
            }
            if (topK < 0) {
                throw new BadInputException("--top-k " + topK + " is negative: give 0 (every logit) or the number to keep");
            }
            features = List.copyOf(features);
        }

        /** @return how the logits are stored */
        public StoreManifest.Logits logits() {
            return new StoreManifest.Logits(precision, topK);
        }
    }

    /** Takes the teacher's outputs on one batch of views. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param first position of the batch's first view in the epoch order
         * @param samples index of each view's image in the students' training images (the training
         *     split, or the unlabelled images)
         * @param out the teacher's outputs, with every stored feature
         * @throws IOException if they cannot be kept
         */
        void accept(int first, int[] samples, ModelOutput out) throws IOException;
    }

    private final StudyConfig config;
    private final Options options;
    private final Path teacherFile;
    private final TrainingSplits splits;
    private final StudyModels models;
    private final StoreManifest.Views views;
    private final Classifier teacher;
    private final BatchSource train;
    private final Set<String> features;

    private StoreBuild(StudyConfig config, Dataset data, Options options, ComputeDevice device) {
        this.config = config.resolvedFor(device);
        this.options = options;
        this.teacherFile = teacherFile(this.config);
        this.splits = RunSplits.of(this.config, data);
        this.models = new StudyModels(this.config, data, splits.norm());
        this.views = StoreViews.of(this.config, data, splits);
        this.teacher = models.givenTeacher(device);
        try {
            for (String f : options.features()) {
                ModelOutput.require(teacher, f, "teacher-outputs --features");
            }
        } catch (RuntimeException e) {
            teacher.close();
            throw e;
        }
        this.train = new BatchSource(splits.studentTrain(), splits.norm(), config.batchSize());
        this.features = Set.copyOf(options.features());
    }

    /**
     * Loads the teacher for computing views, without scoring it: what every worker of a
     * distributed build does.
     *
     * @param config the study settings whose students the store serves; they must give the teacher
     * @param data the dataset they name
     * @param options what to store
     * @param device where the teacher runs
     * @return the build, holding the teacher until closed
     * @throws BadInputException for settings without a teacher, a teacher of other data, or unknown features
     */
    public static StoreBuild open(StudyConfig config, Dataset data, Options options, ComputeDevice device) {
        check(config, data);
        return new StoreBuild(config, data, options, device);
    }

    /**
     * Scores the teacher into the store's {@code teacher/} run directory, then {@link #open}s it.
     *
     * @param out the new store directory
     * @return the build
     * @throws IOException if the scores cannot be written
     */
    public static StoreBuild start(StudyConfig config, Dataset data, Options options, Path out, ComputeDevice device)
            throws IOException {
        check(config, data);
        // The teacher's scores first: the store's teacher/ folder is an ordinary run directory, new or empty.
        try (RunDirectory scores = RunDirectory.create(out.resolve(TeacherStore.TEACHER))) {
            new Study(config, scores, List.of(), List.of(device)).runTeacher(data);
        }
        return new StoreBuild(config, data, options, device);
    }

    /** Refuses settings without a usable teacher before anything is loaded or written. */
    private static void check(StudyConfig config, Dataset data) {
        teacherFile(config);
        Study.checkTeacher(config, data);
    }

    private static Path teacherFile(StudyConfig config) {
        Path file = config.teacherWeights() != null ? config.teacherWeights() : config.teacherTorchScript();
        if (file == null) {
            throw new BadInputException("teacher-outputs runs a trained teacher: give it with --teacher FILE or --teacher-torchscript FILE");
        }
        if (config.legacyNotebookLoss()) {
            throw new BadInputException("--legacy-notebook-loss runs the teacher in training mode, whose outputs are not stored: drop it");
        }
        return file;
    }

    /**
     * The single-process build: {@link #start}, every view of every seed and epoch, {@link #finish}.
     *
     * @param out the new store directory
     * @param progress where a line per epoch goes
     * @return the store's manifest
     * @throws IOException if the store cannot be written
     * @throws BadInputException for settings without a teacher, an existing store, or unknown features
     */
    public static StoreManifest build(StudyConfig config, Dataset data, Options options, Path out, ComputeDevice device,
            PrintStream progress) throws IOException {
        long start = System.nanoTime();
        try (StoreBuild build = start(config, data, options, out, device)) {
            for (long seed : build.views.seeds()) {
                for (int epoch = 1; epoch <= build.views.epochs(); epoch++) {
                    long t0 = System.nanoTime();
                    Path dir = Files.createDirectories(TeacherStore.viewsDir(out, seed, epoch));
                    try (StoreWriter writer = new StoreWriter(dir, options.logits(), options.features())) {
                        build.views(seed, epoch, 0, build.batchesPerEpoch(), writer::append);
                    }
                    progress.printf("seed %d, epoch %d/%d: %d views in %.1f s%n", seed, epoch, build.views.epochs(),
                            build.views.trainImages(), (System.nanoTime() - t0) / 1e9);
                }
            }
            return build.finish(out, (System.nanoTime() - start) / 1e9, Map.of());
        }
    }

    /** @return what the store holds per view */
    public Options options() {
        return options;
    }

    /** @return the views the store holds */
    public StoreManifest.Views views() {
        return views;
    }

    /** @return training batches per epoch */
    public int batchesPerEpoch() {
        return train.batchesPerEpoch();
    }

    /**
     * Runs the teacher over batches {@code [fromBatch, toBatch)} of a seed's epoch, with the crops
     * and flips those batches get in the study.
     *
     * @param seed a study seed (the store's {@code seed=} partition)
     * @param epoch 1-based epoch
     * @param fromBatch first batch, 0-based
     * @param toBatch the batch after the last
     * @param sink takes each batch's outputs, in order
     * @throws IOException if the sink fails
     */
    public void views(long seed, int epoch, int fromBatch, int toBatch, Sink sink) throws IOException {
        long dataSeed = StudentRun.dataSeed(seed);
        int[] order = train.epochOrder(dataSeed, epoch);
        Random rng = BatchSource.augmentationRandom(dataSeed, epoch);
        if (config.augment()) {
            BatchSource.skipAugmentation(rng, Math.min(order.length, fromBatch * train.batchSize()));
        }
        for (int b = fromBatch; b < toBatch; b++) {
            try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                BatchSource.Batch batch = train.batch(order, b, config.augment(), rng).on(teacher.device());
                int first = b * train.batchSize();
                sink.accept(first, Arrays.copyOfRange(order, first, first + batch.size()),
                        teacher.forward(batch.images(), false, features));
            }
        }
    }

    /**
     * Writes the test-set logits and, last, {@code store.json}: after it the store is complete.
     *
     * @param out the store directory
     * @param seconds the build's wall time so far, for the provenance
     * @param extra more provenance (how a distributed build ran)
     * @return the store's manifest
     * @throws IOException if writing fails
     */
    public StoreManifest finish(Path out, double seconds, Map<String, Object> extra) throws IOException {
        StoreManifest.Logits logits = options.logits();
        // The batches a study scores the test set in, so that the logits are the ones it would compute.
        BatchSource test = new BatchSource(splits.test(), splits.testNorm(), models.evaluationBatch());
        try (StoreWriter writer = new StoreWriter(Files.createDirectories(out.resolve(TeacherStore.TEST)), logits, List.of());
                Tensor testLogits = DeepEvaluation.teacherLogits(teacher, test)) {
            writer.append(0, IntStream.range(0, splits.test().size()).toArray(), new ModelOutput(testLogits, Map.of()));
        }
        Map<String, Object> provenance = new LinkedHashMap<>(Provenance.describe());
        provenance.put("threads", config.threads());
        provenance.put("seconds", Math.round(seconds * 10) / 10.0);
        provenance.put("created", java.time.Instant.now().toString());
        provenance.putAll(extra);
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        teacher.featureShapes().forEach((name, shape) -> shapes.put(name, Arrays.stream(shape.sizes()).boxed().toList()));
        StoreManifest manifest = new StoreManifest(StoreManifest.FORMAT,
                new StoreManifest.Teacher(teacher.architecture(), teacherFile.getFileName().toString(),
                        TeacherStore.sha256(teacherFile), teacher.inputShape().side(), teacher.inputShape().classes(), shapes),
                views, logits, options.features(), provenance);
        manifest.write(out);
        return manifest;
    }

    @Override
    public void close() {
        teacher.close();
    }
}
