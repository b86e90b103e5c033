package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.PythonTorch;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill import}: a checkpoint written by RepDistiller's definitions (restated in the test
 * resources) with Debian's PyTorch and converted by tools/import_checkpoint.py becomes distill4j
 * weights with a manifest that predict as the original module; bad input is one line, exit 2.
 */
class ImportCommandTest {
    @TempDir Path dir;

    @Test
    void aConvertedCheckpointBecomesWeightsWithAManifestThatPredictAsTheOriginal() throws Exception {
        String python = PythonTorch.interpreter();
        io.distill4j.Components.need(io.distill4j.Components.PYTHON_TORCH, python != null, "no Python with torch here (apt-get install python3-torch)");
        int n = 3;
        float[] x = new float[n * 3 * 32 * 32];
        ByteBuffer bytes = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        Random rng = new Random(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
            bytes.putFloat(x[i]);
        }
        Path inputs = Files.write(dir.resolve("x.f32"), bytes.array());
        PythonTorch.Run py = PythonTorch.run(List.of(python, "src/test/resources/zoo/write_checkpoints.py", dir.toString(),
                "10", inputs.toString(), Integer.toString(n), "resnet8"), 300);
        assertThat(py.exit()).as("python: %s", py.output()).isZero();
        Path checkpoint = dir.resolve("resnet8.plain.pth");
        Path weights = dir.resolve("imported.params");

        Cli cli = new Cli();
        assertThat(cli.run("import", "--dataset", "synthetic", "--checkpoint", checkpoint.toString(), "--model", "resnet8",
                "--out", weights.toString())).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("test").contains("wrote " + weights);
        ModelManifest manifest = ModelManifest.read(ModelManifest.pathFor(weights));
        assertThat(manifest.architecture()).isEqualTo("resnet8");
        assertThat(manifest.classNames()).hasSize(10);
        try (Network net = Network.load("resnet8", weights, ComputeDevice.cpu()); PointerScope scope = new PointerScope();
                NoGradGuard g = new NoGradGuard()) {
            float[] logits = Tensors.toFloats(net.forward(Tensors.floats(x, n, 3, 32, 32), false));
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("resnet8.logits"))).order(ByteOrder.LITTLE_ENDIAN);
            for (float l : logits) {
                assertThat(l).isCloseTo(b.getFloat(), org.assertj.core.api.Assertions.within(1e-4f));
            }
        }

        Cli again = new Cli();
        assertThat(again.run("import", "--dataset", "synthetic", "--checkpoint", checkpoint.toString(), "--model",
                "resnet8", "--out", weights.toString())).isEqualTo(2);
        again.assertOneLineError("never overwrites");
        Cli other = new Cli();
        assertThat(other.run("import", "--dataset", "synthetic", "--checkpoint", checkpoint.toString(), "--model",
                "resnet14", "--out", dir.resolve("r14.params").toString())).isEqualTo(2);
        other.assertOneLineError("has no tensor layer1.1.conv1.weight");
        assertThat(dir.resolve("r14.params")).doesNotExist();
        Cli missing = new Cli();
        assertThat(missing.run("import", "--dataset", "synthetic", "--checkpoint", dir.resolve("none.pth").toString(),
                "--model", "resnet8", "--out", dir.resolve("n.params").toString())).isEqualTo(2);
        missing.assertOneLineError("does not exist");
    }
}
