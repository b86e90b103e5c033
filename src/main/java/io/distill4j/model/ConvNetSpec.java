package io.distill4j.model;

import io.distill4j.BadInputException;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * The topology of a plain convolutional classifier: convolutions, each followed by batch norm and
 * ReLU and optionally max-pooling, then fully connected layers with ReLU and dropout between them.
 * AlexNet and the study's student are both of this shape.
 *
 * @param inputSide height and width of the square RGB input
 * @param convs convolution layers in order
 * @param hidden widths of the hidden linear layers (the last linear layer has {@code classes} units)
 * @param dropout dropout rate, in [0, 1)
 * @param dropoutAt where the dropout layers go
 * @param classes number of output classes
 */
public record ConvNetSpec(
        int inputSide, List<Conv> convs, List<Integer> hidden, float dropout, DropoutAt dropoutAt, int classes)
        implements Architecture {

    /** Placement of dropout among the linear layers. */
    public enum DropoutAt {
        /** Before each hidden linear layer, as in AlexNet: drop → fc → relu → drop → fc → relu → fc. */
        BEFORE_HIDDEN,
        /** Between consecutive linear layers: fc → relu → drop → fc → relu → drop → fc. */
        BETWEEN_LINEAR
    }

    /**
     * One convolution, with batch norm and ReLU after it.
     *
     * @param filters output channels
     * @param kernel square kernel side
     * @param stride stride
     * @param padding zero padding on each side
     * @param poolKernel max-pool kernel after the ReLU, 0 for none
     * @param poolStride max-pool stride
     */
    public record Conv(int filters, int kernel, int stride, int padding, int poolKernel, int poolStride) {
        /** @return a 3×3 stride-1 "same" convolution */
        public static Conv same3(int filters, int pool) {
            return new Conv(filters, 3, 1, 1, pool, pool);
        }
    }

    /** Copies the lists; checks the input side and the class count. */
    public ConvNetSpec {
        convs = List.copyOf(convs);
        hidden = List.copyOf(hidden);
        new InputShape(inputSide, classes);
    }

    /**
     * The same convolution stack for another image size and class count: the classifier's input
     * width (inferred when the network is built) and its output count follow.
     *
     * @param side height and width of the input
     * @param classes number of output classes
     * @return the adapted topology (not yet checked with {@link #requireFits})
     */
    @Override
    public ConvNetSpec withInput(int side, int classes) {
        return new ConvNetSpec(side, convs, hidden, dropout, dropoutAt, classes);
    }

    /**
     * @param side height and width of an input
     * @return the height and width of the last convolution block's output for that input, or 0 if
     *     a convolution or pooling window no longer fits somewhere in the stack
     */
    public int outputSide(int side) {
        int s = side;
        for (Conv c : convs) {
            s = window(s + 2 * c.padding(), c.kernel(), c.stride());
            if (c.poolKernel() > 0) {
                s = window(s, c.poolKernel(), c.poolStride());
            }
        }
        return s;
    }

    /** Output length of a window sliding over {@code length} (floor mode), 0 when it does not fit once. */
    private static int window(int length, int kernel, int stride) {
        return length < kernel || length <= 0 ? 0 : (length - kernel) / stride + 1;
    }

    /** @return the smallest input side the stack shrinks to at least 1×1 */
    public int smallestSide() {
        int side = 1;
        while (outputSide(side) < 1) {
            side++;
        }
        return side;
    }

    /**
     * @param name the model's name, for the message
     * @return this topology
     * @throws BadInputException if its stack shrinks {@link #inputSide()} below 1×1
     */
    @Override
    public ConvNetSpec requireFits(String name) {
        if (outputSide(inputSide) < 1) {
            throw new BadInputException("model '" + name + "' cannot take " + inputSide + "×" + inputSide
                    + " images: its convolutions and pooling shrink them below 1×1; use --image-size "
                    + smallestSide() + " or more, or a model with fewer pooling steps");
        }
        return this;
    }

    /**
     * Suffix of a feature's pre-activation twin ({@code stage2.preact}: the stage's output before its
     * last ReLU), where a model names one; methods that pick feature maps by size skip these.
     */
    public static final String PREACT = ".preact";

    /** Name of the penultimate embedding: the output of the last hidden linear layer's ReLU. */
    public static final String EMBEDDING = "embedding";

    /**
     * @param block 1-based convolution block number
     * @return the name of that block's output (after its ReLU and pooling), e.g. {@code conv2}
     */
    public static String convFeature(int block) {
        return "conv" + block;
    }

    /**
     * Builds the layers with libtorch's modules and initializes them from libtorch's current
     * generator (seed it first): weights as PyTorch initializes them, uniform in ±1/√fan_in, and
     * biases at zero.
     *
     * @return the network of this topology and its feature points
     */
    @Override
    public Built build() {
        Module root = new Module();
        List<NetLayer> layers = new ArrayList<>();
        Map<String, Integer> features = new LinkedHashMap<>();
        long channels = 3;
        int block = 0;
        for (Conv c : convs) {
            block++;
            Conv2dOptions o = new Conv2dOptions(channels, c.filters(), new LongPointer(c.kernel(), c.kernel()));
            o.stride().put(new long[] {c.stride(), c.stride()});
            o.padding().put(new LongPointer(c.padding(), c.padding()));
            String conv = "conv" + block;
            layers.add(new NetLayer.Conv(conv, root.register_module(conv, new Conv2dImpl(o)), c.kernel(), c.stride(),
                    c.padding(), 1));
            String bn = "bn" + block;
            layers.add(new NetLayer.Norm(bn, root.register_module(bn, new BatchNorm2dImpl(new BatchNormOptions(c.filters())))));
            layers.add(new NetLayer.Relu());
            if (c.poolKernel() > 0) {
                layers.add(new NetLayer.MaxPool(c.poolKernel(), c.poolStride()));
            }
            features.put(convFeature(block), layers.size() - 1);
            channels = c.filters();
        }
        int side = outputSide(inputSide);
        long width = channels * side * side;
        layers.add(new NetLayer.Flatten());
        features.put(EMBEDDING, layers.size() - 1);
        int fc = 0;
        for (int units : hidden) {
            if (dropout > 0 && dropoutAt == DropoutAt.BEFORE_HIDDEN) {
                layers.add(new NetLayer.Dropout(dropout));
            }
            String name = "fc" + ++fc;
            layers.add(new NetLayer.Dense(name, root.register_module(name, new LinearImpl(width, units))));
            layers.add(new NetLayer.Relu());
            features.put(EMBEDDING, layers.size() - 1);
            if (dropout > 0 && dropoutAt == DropoutAt.BETWEEN_LINEAR) {
                layers.add(new NetLayer.Dropout(dropout));
            }
            width = units;
        }
        layers.add(new NetLayer.Dense("classifier", root.register_module("classifier", new LinearImpl(width, classes))));
        zeroBiases(root);
        return new Built(root, List.copyOf(layers), Collections.unmodifiableMap(features), List.of());
    }

    /**
     * Sets every bias of a module to zero, as distill4j initializes them (libtorch draws them like
     * the weights); batch norm's biases start at zero anyway.
     *
     * @param module a freshly built module
     */
    public static void zeroBiases(Module module) {
        try (NoGradGuard g = new NoGradGuard()) {
            Tensors.named(module).forEach((name, t) -> {
                if (name.endsWith("bias")) {
                    t.zero_();
                }
            });
        }
    }

    /** @return {@link EvaluationBatch#of(ConvNetSpec)} of this topology */
    @Override
    public int evaluationBatch() {
        return EvaluationBatch.of(this);
    }
}
