package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.Json;
import io.distill4j.data.folder.ImageFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A study on a folder of images of odd sizes, end to end through the CLI: the images are decoded
 * at the requested size, the models take that size and the folder's classes, the manifests and
 * {@code config.json} record them, and {@code predict} reads the student back.
 */
class FolderStudyTest {
    @TempDir Path tmp;
    private final Cli cli = new Cli();

    @Test
    void aFolderOfOddSizedImagesTrainsModelsAtTheRequestedSizeWithItsClassNames() throws Exception {
        Path root = ImageFolders.tree(tmp.resolve("photos"), 3, 40);
        Path run = tmp.resolve("run");
        int code = cli.run("study", "--dataset", "folder", "--data-dir", root.toString(), "--image-size", "24",
                "--preset", "quick", "--teacher-epochs", "1", "--student-epochs", "1", "--batch-size", "16",
                "--alphas", "0.5", "--out", run.toString());
        assertThat(code).as(cli.err.toString()).isZero();

        JsonNode config = Json.mapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/data/image_side").asInt()).isEqualTo(24);
        assertThat(config.at("/data/classes").toString()).isEqualTo("[\"c0\",\"c1\",\"c2\"]");
        assertThat(config.at("/data/test_images").asInt()).isEqualTo(24); // 20 % of 40 per class
        assertThat(config.at("/data/fingerprint").asText()).startsWith("folder:");
        JsonNode manifest = Json.mapper().readTree(run.resolve("models/student-a0.5.json").toFile());
        assertThat(manifest.at("/input_side").asInt()).isEqualTo(24);
        assertThat(manifest.at("/dataset_fingerprint").asText()).isEqualTo(config.at("/data/fingerprint").asText());
        JsonNode evaluation = Json.mapper().readTree(run.resolve("evaluation.json").toFile());
        assertThat(evaluation.at("/models/1/confusion/classes/2").asText()).isEqualTo("c2");

        Path image;
        try (Stream<Path> files = Files.list(root.resolve("c1"))) {
            image = files.sorted().findFirst().orElseThrow();
        }
        Cli predict = new Cli();
        assertThat(predict.run("predict", "--weights", run.resolve("models/student-a0.5.params").toString(),
                "--top", "3", image.toString())).as(predict.err.toString()).isZero();
        assertThat(predict.out.toString()).contains("c0").contains("c1").contains("c2");

        // evaluate --run: every model again, on the run's own folder splits, equals what the run recorded.
        JsonNode results = Json.mapper().readTree(run.resolve("results.json").toFile());
        Cli evaluateRun = new Cli();
        assertThat(evaluateRun.run("evaluate", "--run", run.toString())).as(evaluateRun.err.toString()).isZero();
        List<String> rows = evaluateRun.out.toString().lines().skip(1).toList();
        assertThat(rows).hasSize(results.get("models").size());
        for (JsonNode m : results.get("models")) {
            String[] row = rows.stream().filter(r -> r.startsWith(m.get("name").asText() + " ")).findFirst()
                    .orElseThrow().trim().split(" +");
            assertThat(row).as("%s", List.of(row)).containsSubsequence(percent(m, "train_acc"), percent(m, "val_acc"),
                    percent(m, "test_acc"), percent(m, "test_acc"));
        }

        // evaluate --weights on the folder: the side (24) and normalization come from the manifest.
        Cli evaluate = new Cli();
        assertThat(evaluate.run("evaluate", "--weights", run.resolve("models/student-a0.5.params").toString(),
                "--dataset", "folder", "--data-dir", root.toString())).as(evaluate.err.toString()).isZero();
        JsonNode student = results.get("models").get(1);
        assertThat(evaluate.out.toString()).containsPattern("test +24 +" + percent(student, "test_acc").replace(".", "\\."));
    }

    private static String percent(JsonNode model, String field) {
        return String.format("%.2f%%", 100 * model.get(field).asDouble());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--dataset folder                        | --dataset folder reads your images: give the folder with --data-dir",
        "--dataset folder --data-dir D --image-size 0    | --image-size 0 is outside [1, 1024]",
        "--dataset folder --data-dir D --image-size 2000 | --image-size 2000 is outside [1, 1024]",
        "--dataset cifar10 --image-size 64       | --image-size 64 does not apply to cifar10",
        "--dataset folder --data-dir D --test-fraction 1 | --test-fraction 1.0 is outside (0, 1)",
    })
    void badFolderSettingsGiveOneLineAndWriteNothing(String options, String message) {
        Path out = tmp.resolve("out");
        List<String> args = new java.util.ArrayList<>(List.of("study", "--out", out.toString()));
        for (String o : options.trim().split(" +")) {
            args.add(o.equals("D") ? tmp.toString() : o);
        }
        assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(2);
        cli.assertOneLineError(message);
        assertThat(out).doesNotExist();
    }
}
