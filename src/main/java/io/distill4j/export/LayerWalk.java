package io.distill4j.export;

import io.distill4j.engine.Tensors;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.NetLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the layers of a network, in forward order, into {@link Layer}s with their weights. It
 * knows the layer types the registered architectures are built of ({@link #KNOWN}); any other is
 * refused by name, so an architecture added later cannot be exported wrongly in silence.
 */
public final class LayerWalk {
    /** The layer types the exporters know, as the refusal lists them. */
    public static final List<String> KNOWN =
            List.of("Conv2d", "BatchNorm2d", "ReLU", "max_pool2d", "flatten", "dropout", "Linear");

    private LayerWalk() {}

    /**
     * @param architecture the model's name, for messages
     * @param layers the network's layers in forward order
     * @param spec its topology
     * @param inputSide the side of the images the model is given; another side than the
     *     topology's becomes a leading {@link Layer.Resize}
     * @return the layers in forward order
     */
    public static List<Layer> walk(String architecture, List<NetLayer> layers, ConvNetSpec spec, int inputSide) {
        List<Layer> out = new ArrayList<>();
        if (inputSide != spec.inputSide()) {
            out.add(new Layer.Resize(inputSide, spec.inputSide()));
        }
        for (NetLayer l : layers) {
            out.add(layer(l));
        }
        return List.copyOf(out);
    }

    private static Layer layer(NetLayer l) {
        if (l instanceof NetLayer.Conv c) {
            return new Layer.Conv(tensor(c.module().weight()), tensor(c.module().bias()), c.kernel(), c.stride(), c.padding());
        } else if (l instanceof NetLayer.Norm n) {
            return new Layer.BatchNorm(tensor(n.module().weight()), tensor(n.module().bias()),
                    tensor(n.module().running_mean()), tensor(n.module().running_var()), NetLayer.Norm.EPSILON);
        } else if (l instanceof NetLayer.Dense d) {
            return new Layer.Linear(tensor(d.module().weight()), tensor(d.module().bias()));
        } else if (l instanceof NetLayer.Dropout d) {
            return new Layer.Dropout((float) d.rate());
        } else if (l instanceof NetLayer.MaxPool p) {
            return new Layer.MaxPool(p.kernel(), p.stride());
        } else if (l instanceof NetLayer.Flatten) {
            return new Layer.Flatten();
        }
        return new Layer.Relu();
    }

    private static Layer.Tensor tensor(org.bytedeco.pytorch.Tensor t) {
        return new Layer.Tensor(t.shape(), Tensors.toFloats(t));
    }
}
