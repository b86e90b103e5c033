package io.distill4j.export;

import io.distill4j.data.Normalization;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.NetLayer;
import io.distill4j.model.Network;
import io.distill4j.model.SavedModel;
import io.distill4j.model.zoo.Zoo;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Weights to export, made here: a registered architecture at some image size and class count,
 * freshly initialized (seeded) and with random batch-norm scales, shifts and running statistics, so
 * that folding batch norm is not the identity, and convolution and linear weights scaled up to give
 * logits of a trained model's size; saved with its manifest.
 */
public final class ExportFixtures {
    /** The normalization every fixture's manifest records. */
    public static final Normalization NORM = new Normalization(new float[] {125.3f, 122.9f, 113.8f}, new float[] {63f, 62.1f, 66.7f});

    /**
     * One model to export.
     *
     * @param architecture a registered model name
     * @param side the side of the images it is given
     * @param classes its class count
     */
    public record Case(String architecture, int side, int classes) {
        @Override
        public String toString() {
            return architecture + " at " + side + "×" + side + ", " + classes + " classes";
        }
    }

    /**
     * Every registered architecture at least once, at CIFAR's shape and at other image sizes and
     * class counts (the 227×227 models also on 32×32 images, which they resize).
     */
    public static final List<Case> CASES = java.util.stream.Stream.concat(Stream.of(
            new Case("student-cnn", 32, 10), new Case("student-cnn", 20, 3), new Case("alexnet", 32, 10),
            new Case("alexnet", 40, 7), new Case("alexnet-227", 32, 10), new Case("student-227", 227, 5),
            new Case("student-227", 32, 4), new Case("resnet8", 40, 7), new Case("shufflenetv2", 24, 3),
            new Case("vgg8", 64, 5)), Zoo.names().stream().map(name -> new Case(name, 32, 10))).toList();

    private ExportFixtures() {}

    /** @return class names {@code class-0} … for {@code n} classes, one with a space and an accent */
    public static List<String> classNames(int n) {
        return IntStream.range(0, n).mapToObj(i -> i == 1 ? "sea lion é" : "class-" + i).toList();
    }

    /**
     * @param c the model
     * @param seed seed of the weights and batch-norm values
     * @param dir where {@code weights.params} and its manifest go
     * @return the weights file
     */
    public static Path save(Case c, long seed, Path dir) throws Exception {
        Path file = dir.resolve(c.architecture() + ".params");
        try (Network net = Network.create(c.architecture(), seed, ComputeDevice.cpu(), new InputShape(c.side(), c.classes()));
                PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Random rng = new Random(seed);
            // in forward order, each batch norm's scale, shift, running mean and variance in turn; the
            // zoo's weights start at He's scale already
            boolean plain = net.spec() instanceof ConvNetSpec;
            for (NetLayer l : leaves(net.layers()).toList()) {
                if (l instanceof NetLayer.Norm n) {
                    BatchNorm2dImpl bn = n.module();
                    // the zoo's residual sums grow with depth: smaller scales keep resnet110's logits near unit size
                    set(bn.weight(), rng, plain ? 0.5f : 0.2f, plain ? 1.5f : 0.6f);
                    set(bn.bias(), rng, -0.3f, 0.3f);
                    set(bn.running_mean(), rng, -0.3f, 0.3f);
                    set(bn.running_var(), rng, 0.3f, 2f);
                } else if (l instanceof NetLayer.Conv conv && plain) {
                    scale(conv.module().weight(), GAIN);
                } else if (l instanceof NetLayer.Dense d) {
                    scale(d.module().weight(), plain ? GAIN : ZOO_CLASSIFIER_GAIN);
                }
            }
            net.save(file, ModelManifest.of(net, NORM, classNames(c.classes()), "synthetic", null));
        }
        return file;
    }

    /** @return the layers in forward order with each block's layers in place of the block */
    static Stream<NetLayer> leaves(List<NetLayer> layers) {
        return layers.stream().flatMap(l -> l instanceof NetLayer.Residual r ? leaves(r.layers()) : Stream.of(l));
    }

    /**
     * PyTorch's default initialization (uniform ±1/√fan_in) shrinks activations layer by layer, to
     * logits of a few hundredths; √6 times those weights keeps them near unit size (He's gain for
     * ReLU), so that the logits compared are of the size a trained model gives.
     */
    private static final float GAIN = (float) Math.sqrt(6);
    /** The zoo's pooled features are small: its classifier's weights times 20 give logits of a few units. */
    private static final float ZOO_CLASSIFIER_GAIN = 20;

    /** Multiplies a parameter by {@code gain} in place (under a no-grad guard). */
    private static void scale(Tensor a, float gain) {
        float[] v = Tensors.toFloats(a);
        for (int i = 0; i < v.length; i++) {
            v[i] *= gain;
        }
        a.copy_(Tensors.floats(v, a.shape()));
    }

    /** Sets a parameter or statistic to uniform values in [lo, hi) in place (under a no-grad guard). */
    private static void set(Tensor a, Random rng, float lo, float hi) {
        float[] v = new float[(int) a.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rng.nextFloat();
        }
        a.copy_(Tensors.floats(v, a.shape()));
    }

    /**
     * @param n images
     * @param side their side
     * @param seed seed
     * @return {@code n} normalized images of standard-normal values, NCHW
     */
    public static float[] inputs(int n, int side, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n * 3 * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /**
     * @param weights a weights file with its manifest
     * @param x normalized images, NCHW
     * @param n how many
     * @return distill4j's logits for them, {@code n × classes} row-major
     */
    public static float[] logits(Path weights, float[] x, int n) {
        try (SavedModel model = SavedModel.load(weights, ComputeDevice.cpu()); PointerScope scope = new PointerScope();
                NoGradGuard g = new NoGradGuard()) {
            int side = model.manifest().inputSide();
            return Tensors.toFloats(model.network().forward(Tensors.floats(x, n, 3, side, side), false));
        }
    }

    /** @return the process's ONNX Runtime environment */
    public static ai.onnxruntime.OrtEnvironment onnxRuntime() {
        return ai.onnxruntime.OrtEnvironment.getEnvironment();
    }

    /** @return the largest absolute difference between two arrays of equal length */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " ≠ " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
