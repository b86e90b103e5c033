package io.distill4j.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import io.distill4j.BadInputException;
import io.distill4j.model.ConvNetSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the layers of a network's DJL block, in forward order, into {@link Layer}s with their
 * weights. It knows the layer types the registered architectures are built of ({@link #KNOWN}); any
 * other is refused by name, so an architecture added later cannot be exported wrongly in silence.
 */
public final class LayerWalk {
    /** The DJL layer types the exporters know, as the refusal lists them. */
    public static final List<String> KNOWN =
            List.of("Conv2d", "BatchNorm", "ReLU", "maxPool2d", "batchFlatten", "Dropout", "Linear");

    /**
     * The epsilon of {@code BatchNorm.builder().build()}, which {@link ConvNetSpec#build()} uses;
     * DJL keeps it private.
     */
    static final float BATCH_NORM_EPSILON = 1e-5f;

    private LayerWalk() {}

    /**
     * @param architecture the model's name, for messages
     * @param block the network's initialized block
     * @param spec its topology (pooling windows come from it: DJL's pooling lambda does not say)
     * @param inputSide the side of the images the model is given; another side than the
     *     topology's becomes a leading {@link Layer.Resize}
     * @return the layers in forward order
     * @throws BadInputException naming the first layer whose type the exporters do not know
     */
    public static List<Layer> walk(String architecture, Block block, ConvNetSpec spec, int inputSide) {
        List<Layer> layers = new ArrayList<>();
        if (inputSide != spec.inputSide()) {
            layers.add(new Layer.Resize(inputSide, spec.inputSide()));
        }
        int convs = 0;
        int position = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            position++;
            Block b = child.getValue();
            if (b instanceof Conv2d conv && plain(conv)) {
                layers.add(new Layer.Conv(tensor(conv, "weight"), tensor(conv, "bias"),
                        (int) conv.getKernelShape().get(0), (int) conv.getStride().get(0), (int) conv.getPadding().get(0)));
                convs++;
            } else if (b instanceof BatchNorm) {
                layers.add(new Layer.BatchNorm(tensor(b, "gamma"), tensor(b, "beta"), tensor(b, "runningMean"),
                        tensor(b, "runningVar"), BATCH_NORM_EPSILON));
            } else if (b instanceof Linear) {
                layers.add(new Layer.Linear(tensor(b, "weight"), tensor(b, "bias")));
            } else if (b instanceof Dropout) {
                layers.add(new Layer.Dropout(spec.dropout()));
            } else if (b instanceof LambdaBlock lambda && lambda.getName().equals("ReLU")) {
                layers.add(new Layer.Relu());
            } else if (b instanceof LambdaBlock lambda && lambda.getName().equals("batchFlatten")) {
                layers.add(new Layer.Flatten());
            } else if (b instanceof LambdaBlock lambda && lambda.getName().equals("maxPool2d") && convs > 0
                    && spec.convs().size() >= convs && spec.convs().get(convs - 1).poolKernel() > 0) {
                ConvNetSpec.Conv c = spec.convs().get(convs - 1);
                layers.add(new Layer.MaxPool(c.poolKernel(), c.poolStride()));
            } else {
                throw new BadInputException("model '" + architecture + "' has a layer the exporter does not know: "
                        + describe(b) + " (layer " + position + " of " + block.getChildren().size()
                        + "); it exports " + String.join(", ", KNOWN) + ": export a registered architecture");
            }
        }
        return List.copyOf(layers);
    }

    /** A convolution as {@link ConvNetSpec} builds them: square, one group, no dilation. */
    private static boolean plain(Conv2d conv) {
        Shape k = conv.getKernelShape();
        Shape s = conv.getStride();
        Shape p = conv.getPadding();
        return conv.getGroups() == 1 && conv.getDilation().equals(new Shape(1, 1)) && k.get(0) == k.get(1)
                && s.get(0) == s.get(1) && p.get(0) == p.get(1);
    }

    private static String describe(Block b) {
        if (b instanceof LambdaBlock lambda) {
            return "'" + lambda.getName() + "'";
        }
        if (b instanceof Conv2d conv) {
            return "'Conv2d' with groups " + conv.getGroups() + ", dilation " + conv.getDilation() + ", kernel "
                    + conv.getKernelShape() + ", stride " + conv.getStride() + ", padding " + conv.getPadding();
        }
        return "'" + b.getClass().getSimpleName() + "'";
    }

    private static Layer.Tensor tensor(Block block, String name) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            if (p.getKey().equals(name)) {
                NDArray a = p.getValue().getArray();
                return new Layer.Tensor(a.getShape().getShape(), a.toFloatArray());
            }
        }
        throw new IllegalStateException(block.getClass().getSimpleName() + " has no parameter '" + name + "'");
    }
}
