package io.distill4j.model;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.avg_pool2d;
import static org.bytedeco.pytorch.global.torch.channel_shuffle;
import static org.bytedeco.pytorch.global.torch.flatten;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.relu;

import io.distill4j.engine.Tensors;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * One layer of a network in forward order, with its libtorch module where it has weights. Layers
 * with weights are registered on the network's root module under {@link #name()}, a dotted path
 * for the zoo's nested modules (e.g. {@code layer1.0.conv1}, the name PyTorch's {@code state_dict}
 * gives it); the others are libtorch functions. A {@link Residual} holds branches of layers.
 */
public sealed interface NetLayer {
    /**
     * @param x the previous layer's output
     * @param training true for a training pass (dropout active; batch norm's mode is the module's)
     * @return this layer's output
     */
    Tensor forward(Tensor x, boolean training);

    /**
     * The same pass, showing every layer that is not a {@link Residual} its output.
     *
     * @param x the previous layer's output
     * @param training true for a training pass
     * @param seen called with each such layer and its output, in forward order
     * @return this layer's output
     */
    default Tensor forward(Tensor x, boolean training, BiConsumer<NetLayer, Tensor> seen) {
        Tensor y = forward(x, training);
        seen.accept(this, y);
        return y;
    }

    /** @return the module's name on the root module, or the function's name */
    String name();

    /** @return its libtorch module, or {@code null} for a function */
    default Module module() {
        return null;
    }

    /** Makes its module outlive the caller's pointer scopes (see {@link Tensors#keep}). */
    default void keep() {
        if (module() != null) {
            Tensors.keep(module());
        }
    }

    /** Frees its module's Java handle (the root module owns the weights). */
    default void close() {
        if (module() != null) {
            module().close();
        }
    }

    /**
     * A 2-D convolution.
     *
     * @param name module name
     * @param module libtorch's module (weight {@code (out, in / groups, k, k)}, bias {@code (out)}
     *     where it has one)
     * @param kernel square kernel side
     * @param stride stride
     * @param padding zero padding on each side
     * @param groups channel groups (1: dense; the input channels: depthwise)
     */
    record Conv(String name, Conv2dImpl module, int kernel, int stride, int padding, int groups) implements NetLayer {
        /** @return whether it adds a bias */
        public boolean hasBias() {
            return module.bias().defined();
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return module.forward(x);
        }
    }

    /**
     * Batch norm over channels (momentum 0.1, ε 1e-5: libtorch's defaults).
     *
     * @param name module name
     * @param module libtorch's module (weight, bias; buffers running_mean, running_var)
     */
    record Norm(String name, BatchNorm2dImpl module) implements NetLayer {
        /** libtorch's default ε of {@code BatchNorm2d}. */
        public static final float EPSILON = 1e-5f;

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return io.distill4j.cluster.SyncBatchNorm.forward(module, x);
        }
    }

    /**
     * A fully connected layer.
     *
     * @param name module name
     * @param module libtorch's module (weight {@code (out, in)}, bias {@code (out)})
     */
    record Dense(String name, LinearImpl module) implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return module.forward(x);
        }
    }

    /** ReLU. */
    record Relu() implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return relu(x);
        }

        @Override
        public String name() {
            return "relu";
        }
    }

    /**
     * Max pooling (floor mode, no padding).
     *
     * @param kernel square window side
     * @param stride stride
     */
    record MaxPool(int kernel, int stride) implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return max_pool2d(x, new long[] {kernel, kernel}, new long[] {stride, stride}, new long[] {0, 0},
                    new long[] {1, 1}, false);
        }

        @Override
        public String name() {
            return "max_pool2d";
        }
    }

    /**
     * A stage of a model written by its user ({@link OwnModel}): a forward function over modules
     * registered on the model's root, which holds their weights.
     *
     * @param name the feature its output is (or {@code logits} for the last stage)
     * @param function the stage's forward pass
     */
    record Stage(String name, UnaryOperator<Tensor> function) implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return function.apply(x);
        }
    }

    /** Flattens {@code (N, C, H, W)} to {@code (N, C·H·W)}. */
    record Flatten() implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return flatten(x, 1, -1);
        }

        @Override
        public String name() {
            return "flatten";
        }
    }

    /**
     * Dropout, active only in training passes.
     *
     * @param rate probability of zeroing an element
     */
    record Dropout(double rate) implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return io.distill4j.cluster.ShardPass.dropout(x, rate, training);
        }

        @Override
        public String name() {
            return "dropout";
        }
    }

    /**
     * Average pooling, zero padding counted in the average (PyTorch's default).
     *
     * @param kernel square window side
     * @param stride stride
     * @param padding zero padding on each side
     */
    record AvgPool(int kernel, int stride, int padding) implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return avg_pool2d(x, new long[] {kernel, kernel}, new long[] {stride, stride}, new long[] {padding, padding},
                    false, true, new org.bytedeco.pytorch.LongOptional());
        }

        @Override
        public String name() {
            return "avg_pool2d";
        }
    }

    /** Averages each channel over height and width, to {@code (N, C, 1, 1)} at any input side. */
    record GlobalAvgPool() implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return adaptive_avg_pool2d(x, 1, 1);
        }

        @Override
        public String name() {
            return "adaptive_avg_pool2d";
        }
    }

    /**
     * ShuffleNet's channel shuffle: {@code (N, g·k, H, W)} viewed as {@code (N, g, k, H, W)},
     * transposed to {@code (N, k, g, H, W)} and flattened back.
     *
     * @param groups g
     * @param channels g·k, for the exporters
     */
    record Shuffle(int groups, int channels) implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return channel_shuffle(x, groups);
        }

        @Override
        public String name() {
            return "channel_shuffle";
        }
    }

    /**
     * Channels {@code [from, to)} of a {@code (N, C, H, W)} map (ShuffleNetV2's channel split).
     *
     * @param from first channel
     * @param to one past the last channel
     */
    record Channels(int from, int to) implements NetLayer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return x.narrow(1, from, to - from);
        }

        @Override
        public String name() {
            return "narrow";
        }
    }

    /**
     * A block with two branches that meet: {@code post(merge(main(pre(x)), shortcut(pre(x))))}, where
     * an empty shortcut is the identity. It is a residual block when the merge adds, and ShuffleNet's
     * unit when it concatenates.
     *
     * @param pre layers before the branches
     * @param main the main branch
     * @param shortcut the other branch; empty for the identity
     * @param merge how the branches meet
     * @param post layers after the merge
     */
    record Residual(List<NetLayer> pre, List<NetLayer> main, List<NetLayer> shortcut, Merge merge, List<NetLayer> post)
            implements NetLayer {
        /** How the two branches of a {@link Residual} meet. */
        public enum Merge {
            /** main + shortcut */
            ADD,
            /** concatenated along channels, main first */
            CONCAT_MAIN_FIRST,
            /** concatenated along channels, shortcut first */
            CONCAT_SHORTCUT_FIRST
        }

        /** Copies the lists. */
        public Residual {
            pre = List.copyOf(pre);
            main = List.copyOf(main);
            shortcut = List.copyOf(shortcut);
            post = List.copyOf(post);
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return forward(x, training, (l, y) -> {});
        }

        @Override
        public Tensor forward(Tensor x, boolean training, BiConsumer<NetLayer, Tensor> seen) {
            Tensor in = forwardAll(pre, x, training, seen);
            Tensor a = forwardAll(main, in, training, seen);
            Tensor b = forwardAll(shortcut, in, training, seen);
            Tensor merged = switch (merge) {
                case ADD -> a.add(b);
                case CONCAT_MAIN_FIRST -> org.bytedeco.pytorch.global.torch.cat(new org.bytedeco.pytorch.TensorVector(a, b), 1);
                case CONCAT_SHORTCUT_FIRST -> org.bytedeco.pytorch.global.torch.cat(new org.bytedeco.pytorch.TensorVector(b, a), 1);
            };
            return forwardAll(post, merged, training, seen);
        }

        /** @return every layer of its branches, nested blocks' included, in forward order */
        public List<NetLayer> layers() {
            return java.util.stream.Stream.of(pre, main, shortcut, post).flatMap(List::stream).toList();
        }

        private static Tensor forwardAll(List<NetLayer> layers, Tensor x, boolean training,
                BiConsumer<NetLayer, Tensor> seen) {
            Tensor y = x;
            for (NetLayer l : layers) {
                y = l.forward(y, training, seen);
            }
            return y;
        }

        @Override
        public String name() {
            return "residual";
        }

        @Override
        public void keep() {
            layers().forEach(NetLayer::keep);
        }

        @Override
        public void close() {
            layers().forEach(NetLayer::close);
        }
    }
}
