package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.export.ExportFixtures;
import io.distill4j.model.Network;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code distill export} through picocli: the DJL directory loaded by DJL's {@code Criteria} (no
 * distill4j code, in a JVM of its own: {@link DjlDirectoryPredictions}) classifies images as {@code distill predict} does, the default directory, and the
 * bad inputs, each one line, exit 2 and nothing written.
 */
class ExportCommandTest {
    private static final int TOP = 3;

    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void theDjlDirectoryClassifiesAsPredictDoes(int caseIndex) throws Exception {
        ExportFixtures.Case c = ExportFixtures.CASES.get(caseIndex); // student-cnn at 32; alexnet-227 resizing 32 → 227
        Path weights = ExportFixtures.save(c, 3, tmp);
        Path images = Files.createDirectories(tmp.resolve("images"));
        for (int i = 0; i < 4; i++) {
            writePng(images.resolve("img" + i + ".png"), c.side(), i);
        }
        Path dir = tmp.resolve("djl");
        Cli export = new Cli();
        assertThat(export.run("export", "--weights", weights.toString(), "--format", "djl", "--out", dir.toString()))
                .as("stderr: %s", export.err).isZero();
        assertThat(export.out.toString()).contains("model.onnx", "serving.properties", "synset.txt");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("model.onnx", "serving.properties", "synset.txt");
        }

        Cli predict = new Cli();
        assertThat(predict.run("predict", "--weights", weights.toString(), "--top", Integer.toString(TOP), "--json",
                images.toString())).as("stderr: %s", predict.err).isZero();
        JsonNode predicted = new ObjectMapper().readTree(predict.out.toString()).path("images");
        assertThat(predicted).hasSize(4);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                DjlDirectoryPredictions.class.getName(), dir.toString(), Integer.toString(TOP)));
        predicted.forEach(one -> command.add(one.path("file").asText()));
        Path log = tmp.resolve("djl-stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor()).as("DJL's output: %s %s", lines, Files.readString(log)).isZero();
        assertThat(lines.get(0)).isEqualTo("OnnxRuntime");
        int at = 1;
        for (JsonNode one : predicted) {
            assertThat(lines.get(at++)).isEqualTo(one.path("file").asText());
            for (int r = 0; r < TOP; r++) {
                String[] answer = lines.get(at++).split("\t");
                JsonNode expected = one.path("top").get(r);
                assertThat(answer[0]).as("%s rank %d", one.path("file"), r).isEqualTo(expected.path("name").asText());
                assertThat(Double.parseDouble(answer[1])).isCloseTo(expected.path("probability").asDouble(), within(1e-5));
            }
        }
    }

    private static void writePng(Path file, int side, long seed) throws Exception {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random rng = new Random(seed);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void withoutOutTheExportGoesBesideTheWeights() throws Exception {
        Path weights = ExportFixtures.save(ExportFixtures.CASES.get(1), 1, tmp);
        Cli cli = new Cli();
        assertThat(cli.run("export", "--weights", weights.toString(), "--format", "onnx")).as("stderr: %s", cli.err).isZero();
        assertThat(tmp.resolve("student-cnn-onnx/model.onnx")).isRegularFile();
        assertThat(cli.out.toString()).contains("student-cnn, 20×20 input, 3 classes", "2 batch norms folded");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void badInputIsOneLineExit2AndWritesNothing() throws Exception {
        Path weights = ExportFixtures.save(ExportFixtures.CASES.get(0), 1, tmp);

        Cli format = new Cli();
        assertThat(format.run("export", "--weights", weights.toString(), "--format", "tflite")).isEqualTo(2);
        format.assertOneLineError("unknown export format 'tflite': valid formats are onnx, pytorch, djl");

        Path old = tmp.resolve("old.params");
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
            net.save(old);
        }
        Cli manifest = new Cli();
        assertThat(manifest.run("export", "--weights", old.toString(), "--format", "onnx")).isEqualTo(2);
        manifest.assertOneLineError("weights " + old + " have no manifest", "--write-manifest");

        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        Cli out = new Cli();
        assertThat(out.run("export", "--weights", weights.toString(), "--format", "pytorch", "--out", full.toString()))
                .isEqualTo(2);
        out.assertOneLineError("--out " + full + " already holds files");
        try (Stream<Path> files = Files.list(full)) {
            assertThat(files.toList()).containsExactly(full.resolve("keep.txt"));
        }
        assertThat(full.resolve("keep.txt")).hasContent("mine");

        Cli missing = new Cli();
        assertThat(missing.run("export", "--weights", tmp.resolve("gone.params").toString(), "--format", "djl")).isEqualTo(2);
        missing.assertOneLineError("gone.params does not exist");

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("full", "old.params", "student-cnn.json", "student-cnn.params");
        }
    }
}
