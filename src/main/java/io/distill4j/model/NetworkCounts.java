package io.distill4j.model;

import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * What a network costs: its parameters, the size of its weights and its multiply-accumulates, and
 * the shapes of its layers' outputs they are counted from.
 */
final class NetworkCounts {
    private NetworkCounts() {}

    /** @return the number of trainable parameters (batch-norm running statistics excluded) */
    static long trainableParameters(Network net) {
        long n = 0;
        var params = net.module().parameters(true);
        for (long i = 0; i < params.size(); i++) {
            n += params.get(i).numel();
        }
        return n;
    }

    /** @return the size of all float32 weights (running statistics included) in MB (10^6 bytes) */
    static double sizeMb(Network net) {
        long n = 0;
        for (Tensor t : net.tensors().values()) {
            if (t.is_floating_point()) {
                n += t.numel();
            }
        }
        return n * 4 / 1e6;
    }

    /** @return multiply-accumulates of convolutions and linear layers for one image, in blocks too */
    static long macsPerImage(Network net) {
        long[] macs = {0};
        blankPass(net, (l, y) -> {
            Tensor w = l instanceof NetLayer.Conv c ? c.module().weight()
                    : l instanceof NetLayer.Dense d ? d.module().weight() : null;
            if (w != null) {
                macs[0] += y.numel() / y.size(0) * (w.numel() / w.size(0));
            }
        });
        return macs[0];
    }

    /**
     * Float32 values one image's forward pass produces.
     *
     * @param total its input and every layer's output, in blocks too
     * @param largest the largest single one of them
     */
    record Activations(long total, long largest) {}

    /** @return the activations of one image's forward pass, counted in one pass */
    static Activations activationsPerImage(Network net) {
        long input = net.spec().inputShape().size();
        long[] counts = {input, input};
        blankPass(net, (l, y) -> {
            counts[0] += y.numel();
            counts[1] = Math.max(counts[1], y.numel());
        });
        return new Activations(counts[0], counts[1]);
    }

    /**
     * @return the output shape of every layer for one image ({@code (1, …)}), in forward order, found
     *     by one float32 inference pass on a blank image
     */
    static List<Dims> outputShapes(Network net) {
        List<Dims> out = new ArrayList<>();
        blankPass(net, null, out);
        return List.copyOf(out);
    }

    private static void blankPass(Network net, BiConsumer<NetLayer, Tensor> seen) {
        blankPass(net, seen, new ArrayList<>());
    }

    /** One float32 inference pass on a blank image: each layer's output to {@code seen}, top-level shapes to {@code shapes}. */
    private static void blankPass(Network net, BiConsumer<NetLayer, Tensor> seen, List<Dims> shapes) {
        Module root = net.module();
        boolean wasTraining = root.is_training();
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            root.train(false);
            Tensor x = net.device().put(torch.zeros(net.spec().inputShape().sizes()));
            for (NetLayer l : net.layers()) {
                x = seen == null ? l.forward(x, false) : l.forward(x, false, seen);
                shapes.add(Tensors.dims(x));
            }
        } finally {
            root.train(wasTraining);
        }
    }
}
