package io.distill4j.export;

import java.util.Arrays;

/**
 * One layer of a network as the exporters see it, in inference mode, with its weights copied out
 * of libtorch. The closed set of layer types {@link LayerWalk} knows; every exporter handles each.
 */
public sealed interface Layer {
    /**
     * A float32 tensor in row-major order.
     *
     * @param shape its dimensions
     * @param values its values, as many as the shape holds
     */
    record Tensor(long[] shape, float[] values) {
        /** Checks that the values fill the shape. */
        public Tensor {
            long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not "
                        + values.length);
            }
            shape = shape.clone();
        }

        /** @return the dimensions (a copy) */
        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    /**
     * Bilinear resizing of the input (align_corners false, no antialiasing), as the 227×227 models
     * do to CIFAR's 32×32 images.
     *
     * @param from the side of the images given
     * @param to the side of the images the first convolution takes
     */
    record Resize(int from, int to) implements Layer {}

    /**
     * A 2-D convolution with square kernel, stride and padding.
     *
     * @param weight {@code (out, in, kernel, kernel)}
     * @param bias {@code (out)}
     * @param kernel kernel side
     * @param stride stride
     * @param padding zero padding on each side
     */
    record Conv(Tensor weight, Tensor bias, int kernel, int stride, int padding) implements Layer {
        /** @return output channels */
        public int outChannels() {
            return (int) weight.shape()[0];
        }

        /** @return input channels */
        public int inChannels() {
            return (int) weight.shape()[1];
        }
    }

    /**
     * Batch norm over channels with its running statistics (inference mode).
     *
     * @param gamma scale {@code (C)}
     * @param beta shift {@code (C)}
     * @param mean running mean {@code (C)}
     * @param variance running variance {@code (C)}
     * @param epsilon added to the variance
     */
    record BatchNorm(Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float epsilon) implements Layer {
        /** @return channels */
        public int channels() {
            return gamma.values().length;
        }
    }

    /** ReLU. */
    record Relu() implements Layer {}

    /**
     * 2-D max-pooling, no padding, floor mode.
     *
     * @param kernel window side
     * @param stride stride
     */
    record MaxPool(int kernel, int stride) implements Layer {}

    /** Flattening {@code (N, C, H, W)} to {@code (N, C·H·W)} in C, H, W order. */
    record Flatten() implements Layer {}

    /**
     * Dropout: the identity in inference mode; kept so that layer positions (and PyTorch's
     * {@code state_dict} names) are those of the training graph.
     *
     * @param rate the training-time rate
     */
    record Dropout(float rate) implements Layer {}

    /**
     * A fully connected layer.
     *
     * @param weight {@code (out, in)}
     * @param bias {@code (out)}
     */
    record Linear(Tensor weight, Tensor bias) implements Layer {
        /** @return output units */
        public int outFeatures() {
            return (int) weight.shape()[0];
        }

        /** @return input features */
        public int inFeatures() {
            return (int) weight.shape()[1];
        }
    }
}
