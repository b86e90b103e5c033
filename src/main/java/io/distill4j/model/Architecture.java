package io.distill4j.model;

import io.distill4j.engine.Dims;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;

/**
 * What a {@link Network} is built from: a plain convolutional stack ({@link ConvNetSpec}) or a
 * model of the zoo ({@link io.distill4j.model.zoo.ZooModel}), for one image side and class count.
 */
public interface Architecture {
    /** @return height and width of the square RGB input its layers take */
    int inputSide();

    /** @return number of output classes */
    int classes();

    /**
     * @param side height and width of the input
     * @param classes number of output classes
     * @return the same architecture for another image size and class count (not yet checked with
     *     {@link #requireFits})
     */
    Architecture withInput(int side, int classes);

    /**
     * @param name the model's name, for the message
     * @return this architecture
     * @throws io.distill4j.BadInputException if it cannot take {@link #inputSide()}-sided images
     */
    Architecture requireFits(String name);

    /**
     * Builds the layers with libtorch's modules and initializes them from libtorch's current
     * generator (seed it first).
     *
     * @return the network's modules, layers and feature points
     */
    Built build();

    /** @return images per evaluation batch, sized so that a forward pass's activations stay bounded */
    int evaluationBatch();

    /** @return the input shape of one image, {@code (1, 3, side, side)} */
    default Dims inputShape() {
        return Dims.of(1, 3, inputSide(), inputSide());
    }

    /**
     * A built network and where its named features come out.
     *
     * @param root the module every layer with weights is registered on (by dotted path)
     * @param layers the layers in forward order
     * @param features feature name → index in {@code layers} of the layer whose output is that
     *     feature, in forward order
     * @param containers the modules between the root and the layers' modules (the zoo's {@code
     *     layer1}, {@code layer1.0}, …): their Java handles must live as long as the network
     */
    record Built(Module root, List<NetLayer> layers, Map<String, Integer> features, List<Module> containers) {}
}
