package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @Test
    void measuresEveryFigureOfAStudentAndWritesThemAsJson(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        Cli cli = new Cli();
        int code = cli.run("bench", "--model", "student-cnn", "--batch", "16", "--warmup", "1", "--repetitions", "2",
                "--seconds", "0.05", "--matmul-side", "64", "--device", "cpu", "--json", json.toString());
        assertThat(code).as("stderr: %s", cli.err).isZero();
        assertThat(cli.out.toString()).contains("student-cnn distill step img/s (alexnet)").contains("epoch/");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("matmul_gflops").get("median").asDouble()).isPositive();
        assertThat(root.get("pipeline").get("repetitions").asInt()).isEqualTo(2);
        JsonNode m = root.get("models").get(0);
        assertThat(m.get("model").asText()).isEqualTo("student-cnn");
        assertThat(m.get("batch").asInt()).isEqualTo(16);
        assertThat(m.get("parameters").asLong()).isEqualTo(419_754);
        assertThat(m.get("distill_teacher").asText()).isEqualTo("alexnet");
        for (String figure : new String[] {"train", "inference", "distill", "epoch", "train_gflops"}) {
            JsonNode f = m.get(figure);
            assertThat(f.get("min").asDouble()).as(figure).isPositive().isLessThanOrEqualTo(f.get("median").asDouble());
            assertThat(f.get("max").asDouble()).as(figure).isGreaterThanOrEqualTo(f.get("median").asDouble());
        }
        assertThat(m.get("train_gflops").get("median").asDouble())
                .isCloseTo(m.get("train").get("median").asDouble() * 6 * m.get("macs_per_image").asLong() / 1e9,
                        org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void aFolderDatasetFeedsThePipelineAndEpochFiguresAndShapesTheModels(@TempDir Path tmp) throws Exception {
        Path root = io.distill4j.data.folder.ImageFolders.tree(tmp.resolve("photos"), 3, 30);
        Path json = tmp.resolve("bench.json");
        Cli cli = new Cli();
        int code = cli.run("bench", "--model", "student-cnn", "--batch", "8", "--warmup", "1", "--repetitions", "1",
                "--seconds", "0.05", "--matmul-side", "64", "--device", "cpu", "--dataset", "folder",
                "--data-dir", root.toString(), "--image-size", "20", "--json", json.toString());
        assertThat(code).as("stderr: %s", cli.err).isZero();
        assertThat(cli.out.toString()).contains("images: folder training set (72 at 20×20, folder:");
        JsonNode m = new ObjectMapper().readTree(json.toFile()).get("models").get(0);
        // student-cnn at 20×20 with 3 classes: the classifier's input is 64 × 5 × 5, its output 3.
        assertThat(m.get("parameters").asLong()).isEqualTo(419_754 - (4096 - 1600) * 96 - 7 * 64 - 7);
        assertThat(m.get("epoch").get("median").asDouble()).isPositive();
    }

    @Test
    void compareDividesOurFiguresByTheReferencesAndChecksTargets(@TempDir Path tmp) throws Exception {
        io.distill4j.Components.need(io.distill4j.Components.PYTHON_TORCH, onPath("python3"), "python3 is not on the PATH");
        Cli cli = new Cli();
        assertThat(cli.run("bench", "--model", "student-cnn", "--batch", "8", "--warmup", "1", "--repetitions", "1",
                "--seconds", "0.02", "--matmul-side", "32", "--json", tmp.resolve("distill4j-1.json").toString())).isZero();
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode reference =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(tmp.resolve("distill4j-1.json").toFile());
        reference.put("engine", "reference");
        com.fasterxml.jackson.databind.node.ObjectNode m = (com.fasterxml.jackson.databind.node.ObjectNode) reference.get("models").get(0);
        for (String figure : new String[] {"train", "distill"}) {
            com.fasterxml.jackson.databind.node.ObjectNode f = (com.fasterxml.jackson.databind.node.ObjectNode) m.get(figure);
            f.put("median", f.get("median").asDouble() / (figure.equals("train") ? 4 : 1.25));
        }
        json.writeValue(tmp.resolve("torch-1.json").toFile(), reference);
        Process p = new ProcessBuilder("python3", Path.of("bench/ratios.py").toAbsolutePath().toString(), tmp.toString(), "1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).containsPattern("train img/s +student-cnn .* 4\\.00× +≥2\\.0× +ok")
                .containsPattern("distill step img/s +student-cnn .* 1\\.25× +≥2\\.0× +MISSED")
                .contains("student-cnn: epoch / bare step loop");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aTeacherModelHasNoDistillationStep(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        Cli cli = new Cli();
        assertThat(cli.run("bench", "--model", "alexnet", "--batch", "4", "--warmup", "1", "--repetitions", "1",
                "--seconds", "0.01", "--matmul-side", "32", "--json", json.toString())).isZero();
        JsonNode m = new ObjectMapper().readTree(json.toFile()).get("models").get(0);
        assertThat(m.get("distill").isNull()).isTrue();
        assertThat(cli.out.toString()).contains("—");
    }

    @Test
    void badInputIsOneLineAndWritesNothing(@TempDir Path tmp) {
        Path json = tmp.resolve("bench.json");
        Cli unknown = new Cli();
        assertThat(unknown.run("bench", "--model", "resnet", "--json", json.toString())).isEqualTo(2);
        unknown.assertOneLineError("unknown model 'resnet'", "valid models are");
        Cli device = new Cli();
        assertThat(device.run("bench", "--device", "tpu")).isEqualTo(2);
        device.assertOneLineError("valid devices are cpu, gpu, auto");
        Cli gpu = new Cli();
        assertThat(gpu.run("bench", "--device", "gpu", "--model", "student-cnn", "--json", json.toString())).isEqualTo(2);
        gpu.assertOneLineError("libtorch sees no GPU");
        Cli seconds = new Cli();
        assertThat(seconds.run("bench", "--seconds", "0")).isEqualTo(2);
        seconds.assertOneLineError("--seconds");
        assertThat(Files.exists(json)).isFalse();
    }
}
