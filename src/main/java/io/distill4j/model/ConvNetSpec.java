package io.distill4j.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.distill4j.BadInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        int inputSide, List<Conv> convs, List<Integer> hidden, float dropout, DropoutAt dropoutAt, int classes) {

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

    /**
     * @param block a block to initialize like this topology's layers
     */
    public static void initializeLikePyTorch(Block block) {
        block.setInitializer(PYTORCH_DEFAULT, Parameter.Type.WEIGHT);
    }

    /**
     * PyTorch's default weight initialization for convolutions and linear layers, uniform in
     * ±1/√fan_in; DJL's default draws larger weights, which destabilizes SGD at usual rates.
     */
    private static final XavierInitializer PYTORCH_DEFAULT =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);

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
    public ConvNetSpec requireFits(String name) {
        if (outputSide(inputSide) < 1) {
            throw new BadInputException("model '" + name + "' cannot take " + inputSide + "×" + inputSide
                    + " images: its convolutions and pooling shrink them below 1×1; use --image-size "
                    + smallestSide() + " or more, or a model with fewer pooling steps");
        }
        return this;
    }

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
     * A built block and where its named features come out.
     *
     * @param block the sequential block
     * @param features feature name → index of the child whose output is that feature, in
     *     forward order
     */
    public record Built(SequentialBlock block, Map<String, Integer> features) {}

    /** @return a freshly built (uninitialized) DJL block of this topology, with its feature points */
    public Built build() {
        SequentialBlock net = new SequentialBlock();
        Map<String, Integer> features = new LinkedHashMap<>();
        int block = 0;
        for (Conv c : convs) {
            net.add(Conv2d.builder()
                            .setFilters(c.filters())
                            .setKernelShape(new Shape(c.kernel(), c.kernel()))
                            .optStride(new Shape(c.stride(), c.stride()))
                            .optPadding(new Shape(c.padding(), c.padding()))
                            .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
            if (c.poolKernel() > 0) {
                net.add(Pool.maxPool2dBlock(
                        new Shape(c.poolKernel(), c.poolKernel()),
                        new Shape(c.poolStride(), c.poolStride())));
            }
            features.put(convFeature(++block), net.getChildren().size() - 1);
        }
        net.add(Blocks.batchFlattenBlock());
        features.put(EMBEDDING, net.getChildren().size() - 1);
        for (int width : hidden) {
            if (dropout > 0 && dropoutAt == DropoutAt.BEFORE_HIDDEN) {
                net.add(Dropout.builder().optRate(dropout).build());
            }
            net.add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock());
            features.put(EMBEDDING, net.getChildren().size() - 1);
            if (dropout > 0 && dropoutAt == DropoutAt.BETWEEN_LINEAR) {
                net.add(Dropout.builder().optRate(dropout).build());
            }
        }
        net.add(Linear.builder().setUnits(classes).build());
        net.setInitializer(PYTORCH_DEFAULT, Parameter.Type.WEIGHT);
        return new Built(net, Collections.unmodifiableMap(features));
    }

    /** @return the input shape of one image, {@code (1, 3, side, side)} */
    public Shape inputShape() {
        return new Shape(1, 3, inputSide, inputSide);
    }
}
