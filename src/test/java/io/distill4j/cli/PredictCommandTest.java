package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.data.Normalization;
import io.distill4j.data.images.ImageDecoder;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill predict} through picocli on PNG and JPEG files of odd sizes, against the
 * network's own forward pass on the same images after the same resize and normalization.
 */
class PredictCommandTest {
    private static final Normalization NORM = new Normalization(new float[] {120f, 110f, 100f}, new float[] {60f, 55f, 65f});
    private static final List<String> CLASSES = List.of("apple", "boat", "cloud");

    @TempDir Path tmp;
    private Path weights;
    private Path images;

    @BeforeEach
    void setUp() throws Exception {
        weights = tmp.resolve("models/student.params");
        try (Network net = Network.create("student-cnn", 11, ComputeDevice.cpu(), new InputShape(17, 3))) {
            net.save(weights, ModelManifest.of(net, NORM, CLASSES, "folder", "f1"));
        }
        images = Files.createDirectories(tmp.resolve("images/sub"));
        write(images.resolve("wide.png"), 45, 29, "png", 1);
        write(images.resolve("tall.JPG"), 31, 52, "jpg", 2);
        write(images.resolve("grey.png"), 20, 20, "png-grey", 3);
        Files.writeString(images.resolve("notes.txt"), "not an image");
    }

    private static void write(Path file, int w, int h, String kind, long seed) throws Exception {
        BufferedImage img = new BufferedImage(w, h, kind.equals("png-grey") ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        Random rng = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | rng.nextInt(256));
            }
        }
        ImageIO.write(img, kind.startsWith("png") ? "png" : "jpg", file.toFile());
    }

    /** The network's softmax of one image, decoded as the folder cache decodes it and normalized by hand. */
    private static float[] reference(Path weights, Path image) throws Exception {
        byte[] chw = ImageDecoder.read(image, 17);
        float[] x = new float[chw.length];
        for (int i = 0; i < chw.length; i++) {
            int c = i / (17 * 17);
            x[i] = ((chw[i] & 0xFF) - NORM.mean()[c]) / NORM.std()[c];
        }
        try (Network net = Network.load("student-cnn", weights, ComputeDevice.cpu()); PointerScope scope = new PointerScope();
                NoGradGuard g = new NoGradGuard()) {
            return Tensors.toFloats(net.forward(Tensors.floats(x, 1, 3, 17, 17), false).softmax(1));
        }
    }

    @Test
    void jsonGivesTheNetworksOwnClassesAndProbabilitiesForEveryImageOfAFolder() throws Exception {
        Cli cli = new Cli();
        assertThat(cli.run("predict", "--weights", weights.toString(), "--top", "2", "--json", tmp.resolve("images").toString()))
                .as("stderr: %s", cli.err).isZero();
        JsonNode root = new ObjectMapper().readTree(cli.out.toString());
        assertThat(root.path("architecture").asText()).isEqualTo("student-cnn");
        JsonNode all = root.path("images");
        assertThat(all).hasSize(3); // notes.txt is not an image ending: left out of the folder
        for (JsonNode one : all) {
            Path file = Path.of(one.path("file").asText());
            float[] p = reference(weights, file);
            JsonNode top = one.path("top");
            assertThat(top).hasSize(2);
            int best = argMax(p);
            assertThat(top.get(0).path("index").asInt()).as(file.toString()).isEqualTo(best);
            assertThat(top.get(0).path("name").asText()).isEqualTo(CLASSES.get(best));
            assertThat(top.get(0).path("probability").asDouble()).isCloseTo(p[best], within(1e-6));
            assertThat(top.get(1).path("probability").asDouble()).isLessThanOrEqualTo(top.get(0).path("probability").asDouble());
        }
    }

    @Test
    void textListsTheTopClassesOfEachFileGiven() throws Exception {
        Cli cli = new Cli();
        Path png = images.resolve("wide.png");
        assertThat(cli.run("predict", "--weights", weights.toString(), png.toString())).isZero();
        float[] p = reference(weights, png);
        List<String> lines = cli.out.toString().lines().toList();
        assertThat(lines).hasSize(4); // the file, then its 3 classes (--top 5 is more than the model has)
        assertThat(lines.get(0)).isEqualTo(png.toString());
        assertThat(lines.get(1)).startsWith("  1. " + CLASSES.get(argMax(p)));
    }

    @Test
    void badInputIsOneLineAndExit2() throws Exception {
        Cli missing = new Cli();
        assertThat(missing.run("predict", "--weights", weights.toString(), tmp.resolve("nope.png").toString())).isEqualTo(2);
        missing.assertOneLineError("image " + tmp.resolve("nope.png") + " does not exist");

        Cli text = new Cli();
        assertThat(text.run("predict", "--weights", weights.toString(), images.resolve("notes.txt").toString())).isEqualTo(2);
        text.assertOneLineError("notes.txt is not an image distill4j can read");

        Path broken = images.resolve("broken.png");
        byte[] png = Files.readAllBytes(images.resolve("wide.png"));
        Files.write(broken, java.util.Arrays.copyOf(png, 60));
        Cli corrupt = new Cli();
        assertThat(corrupt.run("predict", "--weights", weights.toString(), broken.toString())).isEqualTo(2);
        corrupt.assertOneLineError("broken.png");

        Cli empty = new Cli();
        Path none = Files.createDirectories(tmp.resolve("empty"));
        assertThat(empty.run("predict", "--weights", weights.toString(), none.toString())).isEqualTo(2);
        empty.assertOneLineError("holds no JPEG, PNG, BMP or GIF file");

        Cli top = new Cli();
        assertThat(top.run("predict", "--weights", weights.toString(), "--top", "0", broken.toString())).isEqualTo(2);
        top.assertOneLineError("--top must be at least 1");
    }

    @Test
    void weightsWithoutAManifestSayHowToWriteOne() throws Exception {
        Path old = tmp.resolve("old.params");
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
            net.save(old);
        }
        Cli cli = new Cli();
        assertThat(cli.run("predict", "--weights", old.toString(), images.resolve("wide.png").toString())).isEqualTo(2);
        cli.assertOneLineError("have no manifest", "distill evaluate --weights " + old + " --write-manifest");
        Cli gone = new Cli();
        assertThat(gone.run("predict", "--weights", tmp.resolve("gone.params").toString(),
                images.resolve("wide.png").toString())).isEqualTo(2);
        gone.assertOneLineError("gone.params does not exist");
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
