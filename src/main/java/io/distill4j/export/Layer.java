package io.distill4j.export;

import io.distill4j.model.NetLayer.Residual.Merge;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * One layer of a network as the exporters see it, in inference mode, with its weights copied out
 * of libtorch. The closed set of layer types {@link LayerWalk} knows; every exporter handles each.
 * A layer with weights carries its {@code key}: the prefix of its tensors' names in the PyTorch
 * export's {@code state_dict}.
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
     * @param key its {@code state_dict} prefix
     * @param weight {@code (out, in / groups, kernel, kernel)}
     * @param bias {@code (out)}, or {@code null} for none
     * @param kernel kernel side
     * @param stride stride
     * @param padding zero padding on each side
     * @param groups channel groups
     */
    record Conv(String key, Tensor weight, Tensor bias, int kernel, int stride, int padding, int groups) implements Layer {
        /** @return output channels */
        public int outChannels() {
            return (int) weight.shape()[0];
        }

        /** @return input channels */
        public int inChannels() {
            return (int) weight.shape()[1] * groups;
        }
    }

    /**
     * Batch norm over channels with its running statistics (inference mode).
     *
     * @param key its {@code state_dict} prefix
     * @param gamma scale {@code (C)}
     * @param beta shift {@code (C)}
     * @param mean running mean {@code (C)}
     * @param variance running variance {@code (C)}
     * @param epsilon added to the variance
     */
    record BatchNorm(String key, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float epsilon)
            implements Layer {
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

    /**
     * 2-D average pooling, floor mode, the zero padding counted in the average.
     *
     * @param kernel window side
     * @param stride stride
     * @param padding zero padding on each side
     */
    record AvgPool(int kernel, int stride, int padding) implements Layer {}

    /** Each channel averaged over height and width, to {@code (N, C, 1, 1)}. */
    record GlobalAvgPool() implements Layer {}

    /**
     * Channel shuffle: channel {@code a·g + b} of the output is channel {@code b·k + a} of the
     * input, for {@code k = channels / g}.
     *
     * @param groups g
     * @param channels the channels shuffled
     */
    record Shuffle(int groups, int channels) implements Layer {
        /** @return for each output channel, the input channel it takes */
        public long[] order() {
            int k = channels / groups;
            long[] order = new long[channels];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < groups; b++) {
                    order[a * groups + b] = (long) b * k + a;
                }
            }
            return order;
        }
    }

    /**
     * Channels {@code [from, to)}.
     *
     * @param from first channel
     * @param to one past the last
     */
    record Channels(int from, int to) implements Layer {}

    /**
     * Two branches that meet: {@code post(merge(main(pre(x)), shortcut(pre(x))))}; an empty
     * shortcut is the identity.
     *
     * @param pre layers before the branches
     * @param main the main branch
     * @param shortcut the other branch
     * @param merge how they meet
     * @param post layers after
     */
    record Residual(List<Layer> pre, List<Layer> main, List<Layer> shortcut, Merge merge, List<Layer> post)
            implements Layer {
        /** Copies the lists. */
        public Residual {
            pre = List.copyOf(pre);
            main = List.copyOf(main);
            shortcut = List.copyOf(shortcut);
            post = List.copyOf(post);
        }

        /** @return every layer of its branches, nested blocks' included, in forward order */
        public Stream<Layer> all() {
            return Stream.of(pre, main, shortcut, post).flatMap(List::stream)
                    .flatMap(l -> l instanceof Residual r ? Stream.concat(Stream.of(l), r.all()) : Stream.of(l));
        }
    }

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
     * @param key its {@code state_dict} prefix
     * @param weight {@code (out, in)}
     * @param bias {@code (out)}
     */
    record Linear(String key, Tensor weight, Tensor bias) implements Layer {
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
