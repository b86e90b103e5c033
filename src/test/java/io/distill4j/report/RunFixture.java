package io.distill4j.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.distill4j.Provenance;
import io.distill4j.eval.Calibration;
import io.distill4j.eval.ConfusionMatrix;
import io.distill4j.eval.Footprint;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small synthetic run directory written with the product's own writers: a teacher and three
 * student groups (labels-only α = 1, α = 0, α = 0.5) over a number of seeds, with known test
 * accuracies, two epochs of metrics each, and optionally {@code evaluation.json}.
 */
public final class RunFixture {
    /** Classes of the fixture's confusion matrices. */
    public static final List<String> CLASSES = List.of("cat", "dog", "ship");

    private RunFixture() {}

    /**
     * Test accuracy of a student: labels-only 0.70 + 0.01·s for seed s; α = 0.5 beats it by exactly
     * 0.02 + 0.001·(s mod 2); α = 0 trails it by 0.001·s.
     */
    public static double testAcc(String group, long seed) {
        double base = 0.70 + 0.01 * seed;
        return switch (group) {
            case "student-a1" -> base;
            case "student-a0.5" -> base + 0.02 + 0.001 * (seed % 2);
            case "student-a0" -> base - 0.001 * seed;
            default -> 0.85;
        };
    }

    /**
     * @param dir the run directory to create
     * @param seeds number of seeds (1, 2, …)
     * @param withEvaluation whether to write {@code evaluation.json}
     * @return {@code dir}
     */
    public static Path write(Path dir, int seeds, boolean withEvaluation) throws IOException {
        Files.createDirectories(dir);
        List<ModelResult> models = new ArrayList<>();
        models.add(result("teacher", "teacher", null, 1, "alexnet", "teacher", null));
        String[][] students = {{"student-a1", "ce", "1"}, {"student-a0", "kd", "0"}, {"student-a0.5", "kd", "0.5"}};
        for (long s = 1; s <= seeds; s++) {
            for (String[] st : students) {
                String name = seeds == 1 ? st[0] : st[0] + "-s" + s;
                models.add(result(name, st[0], st[1], s, "student-cnn", "student", Double.parseDouble(st[2])));
            }
        }
        ResultsWriter.writeJson(dir.resolve(ResultsWriter.JSON_FILE), models, Map.of("preset", "quick"));
        try (MetricsCsvWriter csv = new MetricsCsvWriter(dir.resolve(MetricsCsvWriter.FILE_NAME))) {
            for (int e = 1; e <= 2; e++) {
                for (ModelResult m : models) {
                    csv.onEpoch(new EpochMetrics(m.name(), e, 2.0 / e, 1.8 / e + 0.1, m.testAcc(), 0.05, 1.5));
                }
            }
        }
        writeConfig(dir.resolve(RunFiles.CONFIG_FILE), seeds);
        if (withEvaluation) {
            List<ModelEvaluation> evaluations = new ArrayList<>();
            for (ModelResult m : models) {
                evaluations.add(evaluation(m.name(), m.testAcc(), !"teacher".equals(m.role())));
            }
            EvaluationWriter.write(dir.resolve(EvaluationWriter.FILE_NAME), evaluations);
        }
        return dir;
    }

    private static ModelResult result(String name, String group, String method, long seed, String arch, String role, Double alpha) {
        double test = testAcc(group, seed);
        boolean teacher = role.equals("teacher");
        return new ModelResult(name, group, method, seed, arch, role, alpha, test + 0.05, test + 0.005, test,
                teacher ? 5_080_970 : 419_754, teacher ? 20.33 : 1.68, teacher ? 69_232_640 : 6_003_328, 12.5);
    }

    /**
     * @param model run name
     * @param accuracy wanted accuracy, a multiple of 1/300 is exact
     * @param withTeacher whether agreement and KL are given
     * @return an evaluation on 300 images of {@link #CLASSES}, errors going to the next class
     */
    public static ModelEvaluation evaluation(String model, double accuracy, boolean withTeacher) {
        long right = Math.round(accuracy * 100);
        long[][] counts = new long[3][3];
        for (int c = 0; c < 3; c++) {
            counts[c][c] = right;
            counts[c][(c + 1) % 3] = 100 - right;
        }
        double[] conf = new double[300];
        boolean[] correct = new boolean[300];
        for (int i = 0; i < 300; i++) {
            conf[i] = 0.4 + 0.6 * i / 299.0;
            correct[i] = i % 100 < right;
        }
        return new ModelEvaluation(model, ConfusionMatrix.of(CLASSES, counts), withTeacher ? 0.8 : null,
                withTeacher ? 0.25 : null, Calibration.of(conf, correct, Calibration.BINS),
                new Footprint(419_754, 1.68, 6_003_328, 1.25, 2400, 256, 5, 3));
    }

    private static void writeConfig(Path file, int seeds) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("preset", "quick");
        settings.put("dataset", "synthetic");
        settings.put("seed", 1);
        settings.put("seeds", seeds);
        settings.put("teacher_model", "alexnet");
        settings.put("student_model", "student-cnn");
        settings.put("teacher_weights", null);
        settings.put("teacher_epochs", 2);
        settings.put("student_epochs", 2);
        settings.put("alphas", List.of(1.0, 0.0, 0.5));
        settings.put("temperature", 4.0);
        settings.put("batch_size", 64);
        settings.put("augment", true);
        settings.put("student_optimizer", Map.of("learning_rate", 0.05, "momentum", 0.9));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("settings", settings);
        doc.put("data", Map.of("dataset", "synthetic", "train_images", 630, "validation_images", 70, "test_images", 300));
        doc.put("provenance", Provenance.describe());
        doc.put("command", "distill study --preset quick <script>alert(1)</script>");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }
}
