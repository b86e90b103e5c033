package io.distill4j.cli;

import static io.distill4j.cli.UnlabelledImages.command;
import static io.distill4j.cli.UnlabelledImages.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.RealCifar;
import io.distill4j.data.SplitOptions;
import io.distill4j.data.catalog.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real CIFAR-10, a few minutes: the training split's images with their labels removed (PNGs in split
 * order), a teacher-output store built on them, and the teacher-only student trained from that store
 * equal the labelled α = 0 student with the live teacher, weight for weight, validated and tested on
 * the labelled splits. The full-size check of the closing note is this test with system properties:
 * {@code -Dunlabelled.trainLimit=0 -Dunlabelled.epochs=10 -Dunlabelled.teacher=FILE}
 * ({@code -Dunlabelled.work=DIR} keeps its runs); by default 5,000 images, 2 epochs and a teacher
 * trained for one epoch.
 */
@Tag("real-data")
class RealCifarUnlabelledTest {
    @TempDir Path tmp;

    @Test
    void theTeacherOnlyStudentOfTheUnlabelledImagesEqualsTheLabelledOne() throws Exception {
        Path data = RealCifar.dataDir();
        int limit = Integer.getInteger("unlabelled.trainLimit", 5_000);
        String teacherFile = System.getProperty("unlabelled.teacher");
        Path work = System.getProperty("unlabelled.work") != null ? Path.of(System.getProperty("unlabelled.work")) : tmp;
        List<String> settings = List.of("--dataset", "cifar10", "--data-dir", data.toString(), "--train-limit",
                Integer.toString(limit), "--student-epochs", Integer.getInteger("unlabelled.epochs", 2).toString(),
                "--threads", "2");

        long t0 = System.nanoTime();
        Path unlabelled = UnlabelledImages.writeTrainingSplit(Datasets.Request.of("cifar10", null, data),
                new SplitOptions(limit, 0.1, 1), work.resolve("unlabelled"));
        double pngs = (System.nanoTime() - t0) / 1e9;
        Path labelled = work.resolve("labelled");
        List<String> teacher = new ArrayList<>(teacherFile != null ? List.of("--teacher", teacherFile) : List.of("--teacher-epochs", "1"));
        double live = succeeds(command("study", settings, concat(teacher, "--alphas", "0", "--out", labelled.toString())));
        Path teacherWeights = teacherFile != null ? Path.of(teacherFile) : labelled.resolve("models/teacher.params");

        Path store = work.resolve("store");
        double build = succeeds(command("teacher-outputs", settings, "--teacher", teacherWeights.toString(),
                "--unlabelled-dir", unlabelled.toString(), "--out", store.toString()));
        Path stored = work.resolve("stored");
        double fromStore = succeeds(command("study", settings, "--teacher-outputs", store.toString(),
                "--unlabelled-dir", unlabelled.toString(), "--out", stored.toString()));

        UnlabelledImages.assertSameWeights(labelled, stored, "student-a0.params");
        JsonNode a = new ObjectMapper().readTree(labelled.resolve("results.json").toFile()).at("/models/1");
        JsonNode b = new ObjectMapper().readTree(stored.resolve("results.json").toFile()).at("/models/1");
        for (String field : List.of("val_acc", "test_acc")) {
            assertThat(b.get(field)).as(field).isEqualTo(a.get(field));
        }
        System.out.printf("unlabelled check: %d PNGs in %.1f s; labelled α=0 run %.1f s (val %.2f %%, test %.2f %%);"
                        + " store on the unlabelled images %.1f s; student from it %.1f s (val %.2f %%, test %.2f %%):"
                        + " weights byte-identical%n",
                unlabelledCount(unlabelled), pngs, live, 100 * a.get("val_acc").asDouble(), 100 * a.get("test_acc").asDouble(),
                build, fromStore, 100 * b.get("val_acc").asDouble(), 100 * b.get("test_acc").asDouble());
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    private static long unlabelledCount(Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".png")).count();
        }
    }
}
