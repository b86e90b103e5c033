package io.distill4j.model;

import static org.bytedeco.pytorch.global.torch.dropout;
import static org.bytedeco.pytorch.global.torch.flatten;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.relu;

import io.distill4j.engine.Tensors;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * One layer of a {@link ConvNetSpec} network in forward order, with its libtorch module where it
 * has weights. Layers with weights are registered on the network's root module under {@link
 * #name()}; the others are libtorch functions.
 */
public sealed interface NetLayer {
    /**
     * @param x the previous layer's output
     * @param training true for a training pass (dropout active; batch norm's mode is the module's)
     * @return this layer's output
     */
    Tensor forward(Tensor x, boolean training);

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
     * @param module libtorch's module (weight {@code (out, in, k, k)}, bias {@code (out)})
     * @param kernel square kernel side
     * @param stride stride
     * @param padding zero padding on each side
     */
    record Conv(String name, Conv2dImpl module, int kernel, int stride, int padding) implements NetLayer {
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
            return module.forward(x);
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
            return dropout(x, rate, training);
        }

        @Override
        public String name() {
            return "dropout";
        }
    }
}
