package io.distill4j.study;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.Normalization;
import io.distill4j.data.TrainingSplits;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.eval.Evaluator;
import io.distill4j.eval.ModelResult;
import io.distill4j.model.Network;
import io.distill4j.model.SavedModel;
import io.distill4j.progress.Progress;
import io.distill4j.report.ResultsWriter;
import io.distill4j.report.RunFiles;
import io.distill4j.settings.Settings;
import io.distill4j.settings.StudyConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code evaluate --run}: every model a study run saved, scored again on the run's own splits
 * ({@link RunSplits}: its train limit, validation fraction, split seed and normalization, all read
 * from its {@code config.json}). Reading never takes the run's lock, so a running study can be
 * evaluated as far as it has saved models. Models compute in the run's {@code precision}.
 */
public final class RunEvaluation {
    private RunEvaluation() {}

    /**
     * One model's accuracies now, beside what the run recorded.
     *
     * @param model the model's name in the run ({@code teacher}, {@code student-…})
     * @param architecture its registered architecture
     * @param train score on the run's training split
     * @param validation score on its validation split
     * @param test score on the test set
     * @param recordedTest the test accuracy in the run's {@code results.json}; {@code null} when
     *     the run has not written it
     */
    public record Row(String model, String architecture, Evaluator.Score train, Evaluator.Score validation,
            Evaluator.Score test, Double recordedTest) {}

    /**
     * @param runDir a directory written by {@code distill study}
     * @param dataDir where the run's data is now, or {@code null} for where its settings say
     * @param console where a folder's first decoding and the scoring of each model report progress
     * @return one row per saved model: the teacher first, then the students by name
     * @throws IOException if the data cannot be read
     * @throws BadInputException for a directory that is not a run, holds no model, or data that
     *     is not the run's
     */
    public static List<Row> evaluate(Path runDir, Path dataDir, PrintStream console) throws IOException {
        StudyConfig config = RunDirectory.readConfig(runDir, "give the directory of a study run");
        if (dataDir != null) {
            config = StudyConfig.of(config.values().with(Settings.DATA_DIR, dataDir));
        }
        List<Path> files = modelFiles(runDir, config);
        Dataset data = Datasets.load(config.dataRequest(), console);
        requireSameData(runDir, data);
        TrainingSplits splits = RunSplits.of(config, data);
        Map<String, Double> recorded = recordedTestAccuracies(runDir);
        List<Row> rows = new ArrayList<>();
        Progress progress = Progress.console(console);
        long images = (long) splits.split().train().size() + splits.split().validation().size() + splits.test().size();
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.params$", "");
            try (SavedModel saved = SavedModel.load(file, ComputeDevice.cpu());
                    Progress.Task task = progress.start("scoring " + name, images, "images")) {
                Network net = saved.network();
                // in the arithmetic the run trained and scored in, so that "recorded test" compares like with like
                net.computeIn(config.precision());
                int batch = Evaluator.batchSize(net);
                rows.add(new Row(name, net.architecture(),
                        score(net, splits.split().train(), splits.norm(), batch, task),
                        score(net, splits.split().validation(), splits.norm(), batch, task),
                        score(net, splits.test(), splits.testNorm(), batch, task), recorded.get(name)));
            }
        }
        return rows;
    }

    private static Evaluator.Score score(Network net, ImageSet images, Normalization norm, int batch, Progress.Task task) {
        return Evaluator.score(net, new BatchSource(images, norm, batch), task);
    }

    /** The teacher (the run's own, or the one it reused) first, then the students by name. */
    private static List<Path> modelFiles(Path runDir, StudyConfig config) throws IOException {
        List<Path> files = new ArrayList<>();
        Path ownTeacher = runDir.resolve("models").resolve("teacher.params");
        if (config.teacherWeights() != null && !Files.isRegularFile(ownTeacher)) {
            if (!Files.isRegularFile(config.teacherWeights())) {
                throw new BadInputException("the teacher the run reused, " + config.teacherWeights()
                        + ", is gone: put it back to evaluate it with the run");
            }
            files.add(config.teacherWeights());
        }
        Path models = runDir.resolve("models");
        if (Files.isDirectory(models)) {
            try (Stream<Path> list = Files.list(models)) {
                list.filter(p -> p.getFileName().toString().endsWith(".params"))
                        .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().equals("teacher.params"))
                                .thenComparing(p -> p.getFileName().toString()))
                        .forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            throw new BadInputException(runDir + " holds no saved model yet (models/*.params): evaluate it once its"
                    + " teacher is trained, or give a finished run");
        }
        return files;
    }

    /** Refuses data whose fingerprint differs from the one the run recorded (image folders). */
    private static void requireSameData(Path runDir, Dataset data) throws IOException {
        JsonNode recorded = Json.mapper().readTree(runDir.resolve(RunFiles.CONFIG_FILE).toFile())
                .path("data").path("fingerprint");
        if (recorded.isTextual() && data.fingerprint() != null && !recorded.asText().equals(data.fingerprint())) {
            throw new BadInputException("the data read now (" + data.fingerprint() + ") is not the data run " + runDir
                    + " was trained on (" + recorded.asText() + "): give --data-dir of the run's own data");
        }
    }

    private static Map<String, Double> recordedTestAccuracies(Path runDir) {
        Map<String, Double> accuracies = new HashMap<>();
        if (Files.isRegularFile(runDir.resolve(ResultsWriter.JSON_FILE))) {
            for (ModelResult m : RunFiles.read(runDir).models()) {
                accuracies.put(m.name(), m.testAcc());
            }
        }
        return accuracies;
    }
}
