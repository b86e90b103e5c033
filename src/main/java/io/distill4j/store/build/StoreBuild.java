package io.distill4j.store.build;

import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.DiskSpace;
import io.distill4j.Provenance;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.TrainingSplits;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.eval.DeepEvaluation;
import io.distill4j.model.Classifier;
import io.distill4j.model.ModelOutput;
import io.distill4j.settings.StudentRun;
import io.distill4j.settings.StudyConfig;
import io.distill4j.store.StoreManifest;
import io.distill4j.store.StoreWriter;
import io.distill4j.store.TeacherStore;
import io.distill4j.study.StoreSource;
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
 * The single-process {@link #build} resumes a killed build ({@link BuildLog}): the parts it
 * committed stay, the others are computed.
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
    private final StoreSource source;
    private final StoreManifest.Views views;
    private final Classifier teacher;
    private final BatchSource train;
    private final Set<String> features;

    private StoreBuild(StoreSource source, Options options, ComputeDevice device) {
        this.source = source;
        this.config = source.config();
        this.options = options;
        this.teacherFile = teacherFile(config);
        this.splits = source.splits();
        this.views = source.views();
        this.teacher = source.teacher(device);
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
        return new StoreBuild(source(config, data, device), options, device);
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
        StoreSource source = source(config, data, device);
        StoreSource.scoreTeacher(config, data, out.resolve(TeacherStore.TEACHER), device);
        return new StoreBuild(source, options, device);
    }

    /** Refuses settings without a usable teacher before anything is loaded or written. */
    private static StoreSource source(StudyConfig config, Dataset data, ComputeDevice device) {
        teacherFile(config);
        return StoreSource.of(config.resolvedFor(device), data);
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
     * The single-process build: the teacher's scores, every view of every seed and epoch, the
     * test-set logits and {@code store.json}. With {@code resume}, a killed build of the same
     * settings in {@code out} continues: its committed parts stay and the result is the store an
     * uninterrupted build writes, byte for byte ({@code store.json}'s provenance aside).
     *
     * @param out the new store directory, or the unfinished one with {@code resume}
     * @param progress where a line per epoch goes
     * @param resume whether to finish an unfinished build in {@code out}
     * @return the store's manifest
     * @throws IOException if the store cannot be written
     * @throws BadInputException for settings without a teacher, an existing store (without {@code
     *     resume}), a resume with other settings, unknown features, or too little free space
     */
    public static StoreManifest build(StudyConfig config, Dataset data, Options options, Path out, ComputeDevice device,
            PrintStream progress, boolean resume) throws IOException {
        long start = System.nanoTime();
        StoreSource source = source(config, data, device);
        StoreManifest.Views views = source.views();
        Path teacher = teacherFile(config);
        BuildLog.Plan plan = new BuildLog.Plan(teacher.getFileName().toString(), TeacherStore.sha256(teacher), views,
                options.logits(), options.features());
        BuildLog log = resume ? BuildLog.resume(out, plan) : BuildLog.begin(out, plan);
        Path scores = out.resolve(TeacherStore.TEACHER);
        if (StoreSource.teacherScored(scores)) {
            progress.println("teacher: scored before the build was stopped");
        } else {
            if (java.nio.file.Files.exists(scores)) {
                AtomicFiles.deleteTree(scores);
            }
            StoreSource.scoreTeacher(source.config(), data, scores, device);
        }
        try (StoreBuild build = new StoreBuild(source, options, device)) {
            DiskSpace.require(out, build.bytesLeft(out), "the teacher-output store", "or choose another --out");
            for (long seed : views.seeds()) {
                for (int epoch = 1; epoch <= views.epochs(); epoch++) {
                    Path dir = TeacherStore.viewsDir(out, seed, epoch);
                    if (StoreWriter.committed(dir)) {
                        progress.printf("seed %d, epoch %d/%d: stored before the build was stopped%n", seed, epoch, views.epochs());
                        continue;
                    }
                    long t0 = System.nanoTime();
                    AtomicFiles.deleteLeftovers(dir.resolve(StoreWriter.FILE)); // of the part a killed build was writing
                    try (StoreWriter writer = new StoreWriter(Files.createDirectories(dir), options.logits(), options.features())) {
                        build.views(seed, epoch, 0, build.batchesPerEpoch(), writer::append);
                        writer.commit();
                    }
                    progress.printf("seed %d, epoch %d/%d: %d views in %.1f s%n", seed, epoch, views.epochs(),
                            views.trainImages(), (System.nanoTime() - t0) / 1e9);
                }
            }
            StoreManifest manifest = build.finish(out, (System.nanoTime() - start) / 1e9, Map.of());
            log.finished();
            return manifest;
        }
    }

    /** @return the bytes of the parts not yet committed, as stored before Parquet's compression */
    private long bytesLeft(Path out) {
        StoreManifest.Logits logits = options.logits();
        int classes = teacher.inputShape().classes();
        long perView = 8L + (logits.topK() == 0 ? classes : 2L * logits.topK() + 1) * (logits.precision().equals("float16") ? 2 : 4);
        for (String f : options.features()) {
            perView += 4 * teacher.featureShapes().get(f).size();
        }
        long parts = 0;
        for (long seed : views.seeds()) {
            for (int epoch = 1; epoch <= views.epochs(); epoch++) {
                parts += StoreWriter.committed(TeacherStore.viewsDir(out, seed, epoch)) ? 0 : 1;
            }
        }
        return parts * views.trainImages() * perView;
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
        BatchSource test = new BatchSource(splits.test(), splits.testNorm(), source.evaluationBatch());
        AtomicFiles.deleteLeftovers(out.resolve(TeacherStore.TEST).resolve(StoreWriter.FILE));
        try (StoreWriter writer = new StoreWriter(Files.createDirectories(out.resolve(TeacherStore.TEST)), logits, List.of());
                Tensor testLogits = DeepEvaluation.teacherLogits(teacher, test)) {
            writer.append(0, IntStream.range(0, splits.test().size()).toArray(), new ModelOutput(testLogits, Map.of()));
            writer.commit();
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
