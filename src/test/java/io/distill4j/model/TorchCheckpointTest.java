package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.PythonTorch;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import io.distill4j.model.zoo.Zoo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field's published teachers: checkpoints written with Debian's PyTorch by RepDistiller's
 * definitions (restated in {@code src/test/resources/zoo/reference_models.py}, same modules, names
 * and forward pass), saved as RepDistiller saves them and converted by {@code
 * tools/import_checkpoint.py}, import into every zoo architecture and predict as the original module
 * does; other architectures and class counts are refused by name.
 */
class TorchCheckpointTest {
    private static final int IMAGES = 4;
    private static final int CLASSES = 100;

    @TempDir static Path dir;
    private static float[] inputs;

    @BeforeAll
    static void writeCheckpoints() throws Exception {
        String python = PythonTorch.interpreter();
        io.distill4j.Components.need(io.distill4j.Components.PYTHON_TORCH, python != null, "no Python with torch here (apt-get install python3-torch)");
        Random rng = new Random(3);
        inputs = new float[IMAGES * 3 * 32 * 32];
        ByteBuffer bytes = ByteBuffer.allocate(4 * inputs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) rng.nextGaussian();
            bytes.putFloat(inputs[i]);
        }
        Path x = Files.write(dir.resolve("x.f32"), bytes.array());
        Path resources = Path.of("src/test/resources/zoo");
        List<String> command = new ArrayList<>(List.of(python, resources.resolve("write_checkpoints.py").toString(),
                dir.toString(), Integer.toString(CLASSES), x.toString(), Integer.toString(IMAGES)));
        command.addAll(Zoo.names());
        PythonTorch.Run run = PythonTorch.run(command, 600);
        assertThat(run.exit()).as("python: %s", run.output()).isZero();
    }

    @Test
    void everyZooCheckpointImportsAndPredictsAsTheOriginalModule() throws Exception {
        for (String name : Zoo.names()) {
            float[] expected = floats(dir.resolve(name + ".logits"));
            float[] logits = importedLogits(name, dir.resolve(name + ".plain.pth"));
            double diff = 0;
            double largest = 0;
            for (int i = 0; i < expected.length; i++) {
                diff = Math.max(diff, Math.abs(expected[i] - logits[i]));
                largest = Math.max(largest, Math.abs(expected[i]));
            }
            System.out.printf(Locale.ROOT, "imported %s: max |Δ logit| = %.3g (logits up to %.3g)%n", name, diff, largest);
            assertThat(diff).as("max |Δ logit| of %s", name).isLessThan(1e-4);
            assertThat(largest).as("logits of %s", name).isGreaterThan(1);
        }
    }

    @Test
    void theOriginalCheckpointIsRefusedNamingTheConversionAndTheConvertedOneImportsFromTheShellToo() throws Exception {
        String first = Zoo.names().iterator().next();
        assertThatThrownBy(() -> importedLogits(first, dir.resolve(first + ".pth"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tools/import_checkpoint.py").hasMessageNotContaining("\n");
        Path converted = dir.resolve("converted-from-shell.pth");
        PythonTorch.Run run = PythonTorch.run(List.of(PythonTorch.interpreter(), "tools/import_checkpoint.py",
                dir.resolve(first + "-data-parallel.pth").toString(), converted.toString()), 120);
        assertThat(run.exit()).as("python: %s", run.output()).isZero();
        assertThat(run.output()).contains("tensors written for distill4j");
        assertThat(importedLogits(first, converted)).containsExactly(importedLogits(first, dir.resolve(first + ".plain.pth")));
    }

    @Test
    void anotherArchitectureOrClassCountIsRefusedNamingTheTensor() {
        Torch.start();
        try (Network resnet14 = Network.create("resnet14", 0, ComputeDevice.cpu(), new InputShape(32, CLASSES));
                Network wrn = Network.create("wrn-16-1", 0, ComputeDevice.cpu(), new InputShape(32, CLASSES));
                Network tenClasses = Network.create("resnet8", 0, ComputeDevice.cpu(), new InputShape(32, 10))) {
            assertThatThrownBy(() -> TorchCheckpoint.load(resnet14, dir.resolve("resnet8.plain.pth")))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("has no tensor layer1.1.conv1.weight")
                    .hasMessageContaining("give a checkpoint of resnet14");
            assertThatThrownBy(() -> TorchCheckpoint.load(wrn, dir.resolve("resnet8.plain.pth")))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("tensor");
            assertThatThrownBy(() -> TorchCheckpoint.load(tenClasses, dir.resolve("resnet8.plain.pth")))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("tensor fc.weight has shape [100, 64] but resnet8 for 10 classes needs [10, 64]");
            assertThatThrownBy(() -> TorchCheckpoint.load(tenClasses, dir.resolve("x.f32")))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("cannot be read by libtorch")
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> TorchCheckpoint.load(tenClasses, dir.resolve("missing.pth")))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
        }
    }

    private static float[] importedLogits(String name, Path checkpoint) throws Exception {
        Torch.start();
        try (Network net = Network.create(name, 0, ComputeDevice.cpu(), new InputShape(32, CLASSES))) {
            TorchCheckpoint.load(net, checkpoint);
            try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                return Tensors.toFloats(net.forward(Tensors.floats(inputs, IMAGES, 3, 32, 32), false));
            }
        }
    }

    private static float[] floats(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
}
