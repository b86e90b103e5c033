package io.distill4j.study;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.distill4j.BadInputException;
import io.distill4j.Provenance;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.TrainingSplits;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code distill teacher-outputs}: runs a given teacher over exactly the augmented views that a
 * study with the same settings shows its students (each seed's batch order and augmentation, every
 * epoch) and stores its outputs, with its scores and test-set logits, in a {@link TeacherStore}.
 */
public final class StoreBuild {
    private StoreBuild() {}

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
                throw new BadInputException("--precision " + precision + " is not one of " + StoreManifest.Logits.PRECISIONS);
            }
            if (topK < 0) {
                throw new BadInputException("--top-k " + topK + " is negative: give 0 (every logit) or the number to keep");
            }
            features = List.copyOf(features);
        }
    }

    /**
     * @param config the study settings whose students the store serves; they must give the teacher
     * @param data the dataset they name
     * @param options what to store
     * @param out the new store directory
     * @param device where the teacher runs
     * @param progress where a line per epoch goes
     * @return the store's manifest
     * @throws IOException if the store cannot be written
     * @throws BadInputException for settings without a teacher, an existing store, or unknown features
     */
    public static StoreManifest build(StudyConfig config, Dataset data, Options options, Path out, Device device,
            PrintStream progress) throws IOException {
        Path teacherFile = config.teacherWeights() != null ? config.teacherWeights() : config.teacherTorchScript();
        if (teacherFile == null) {
            throw new BadInputException("teacher-outputs runs a trained teacher: give it with --teacher FILE or --teacher-torchscript FILE");
        }
        if (config.legacyNotebookLoss()) {
            throw new BadInputException("--legacy-notebook-loss runs the teacher in training mode, whose outputs are not stored: drop it");
        }
        Study.checkTeacher(config, data);
        // The teacher's scores first: the store's teacher/ folder is an ordinary run directory, new or empty.
        try (RunDirectory scores = RunDirectory.create(out.resolve(TeacherStore.TEACHER))) {
            new Study(config, scores, List.of(), List.of(device)).runTeacher(data);
        }
        TrainingSplits splits = RunSplits.of(config, data);
        StudyModels models = new StudyModels(config, data, splits.norm());
        StoreManifest.Views views = StoreViews.of(config, data, splits);
        long start = System.nanoTime();
        try (Classifier teacher = models.givenTeacher(device); NDManager manager = NDManager.newBaseManager(device)) {
            for (String f : options.features()) {
                ModelOutput.require(teacher, f, "teacher-outputs --features");
            }
            StoreManifest.Logits logits = new StoreManifest.Logits(options.precision(), options.topK());
            java.util.Set<String> features = java.util.Set.copyOf(options.features());
            BatchSource train = new BatchSource(splits.split().train(), splits.norm(), config.batchSize());
            for (long seed : views.seeds()) {
                long dataSeed = StudentRun.dataSeed(seed);
                for (int epoch = 1; epoch <= views.epochs(); epoch++) {
                    long t0 = System.nanoTime();
                    int[] order = train.epochOrder(dataSeed, epoch);
                    Random rng = BatchSource.augmentationRandom(dataSeed, epoch);
                    Path dir = Files.createDirectories(TeacherStore.viewsDir(out, seed, epoch));
                    try (StoreWriter writer = new StoreWriter(dir, logits, options.features())) {
                        for (int b = 0; b < train.batchesPerEpoch(); b++) {
                            try (NDManager m = manager.newSubManager()) {
                                BatchSource.Batch batch = train.batch(m, order, b, config.augment(), rng);
                                int first = b * train.batchSize();
                                writer.append(first, java.util.Arrays.copyOfRange(order, first, first + batch.size()),
                                        teacher.forward(batch.images(), false, features));
                            }
                        }
                    }
                    progress.printf("seed %d, epoch %d/%d: %d views in %.1f s%n", seed, epoch, views.epochs(), order.length,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
            // The batches a study scores the test set in, so that the logits are the ones it would compute.
            BatchSource test = new BatchSource(splits.test(), splits.testNorm(), models.evaluationBatch());
            try (StoreWriter writer = new StoreWriter(Files.createDirectories(out.resolve(TeacherStore.TEST)), logits, List.of())) {
                int n = splits.test().size();
                writer.append(0, java.util.stream.IntStream.range(0, n).toArray(),
                        new ModelOutput(DeepEvaluation.teacherLogits(teacher, test, manager), Map.of()));
            }
            Map<String, Object> provenance = new LinkedHashMap<>(Provenance.describe());
            provenance.put("threads", config.threads());
            provenance.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
            provenance.put("created", java.time.Instant.now().toString());
            Map<String, List<Long>> shapes = new LinkedHashMap<>();
            teacher.featureShapes().forEach((name, shape) -> shapes.put(name, java.util.Arrays.stream(shape.getShape()).boxed().toList()));
            StoreManifest manifest = new StoreManifest(StoreManifest.FORMAT,
                    new StoreManifest.Teacher(teacher.architecture(), teacherFile.getFileName().toString(),
                            TeacherStore.sha256(teacherFile), teacher.inputShape().side(), teacher.inputShape().classes(), shapes),
                    views, logits, options.features(), provenance);
            manifest.write(out);
            return manifest;
        }
    }
}
