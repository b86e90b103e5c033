package io.distill4j.export;

import io.distill4j.engine.Tensors;
import io.distill4j.model.NetLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the layers of a network, in forward order, into {@link Layer}s with their weights. It
 * knows every layer type of {@link NetLayer}, blocks included, so every registered architecture
 * exports. The {@code state_dict} key of a layer with weights is its module's path for the zoo
 * (the reference definition's names), and for the plain models the {@code nn.Sequential} names
 * they always exported with: {@code features.i} before the flattening, {@code classifier.j} after,
 * counting every layer but the resizing and the flattening.
 */
public final class LayerWalk {
    private LayerWalk() {}

    /**
     * @param layers the network's layers in forward order
     * @param sequentialNames whether keys are the plain models' {@code features.i} / {@code classifier.j}
     *     (else each module's own path)
     * @param layerSide the side its first layer takes
     * @param inputSide the side of the images the model is given; another side than
     *     {@code layerSide} becomes a leading {@link Layer.Resize}
     * @return the layers in forward order
     */
    public static List<Layer> walk(List<NetLayer> layers, boolean sequentialNames, int layerSide, int inputSide) {
        List<Layer> out = new ArrayList<>();
        if (inputSide != layerSide) {
            out.add(new Layer.Resize(inputSide, layerSide));
        }
        String group = "features.";
        int index = 0;
        for (NetLayer l : layers) {
            if (l instanceof NetLayer.Flatten) {
                group = "classifier.";
                index = 0;
                out.add(new Layer.Flatten());
                continue;
            }
            out.add(layer(l, sequentialNames ? group + index : null));
            index++;
        }
        return List.copyOf(out);
    }

    private static List<Layer> branch(List<NetLayer> layers) {
        return layers.stream().map(l -> layer(l, null)).toList();
    }

    private static Layer layer(NetLayer l, String sequentialKey) {
        String key = sequentialKey != null ? sequentialKey : l.name();
        if (l instanceof NetLayer.Conv c) {
            return new Layer.Conv(key, tensor(c.module().weight()), c.hasBias() ? tensor(c.module().bias()) : null,
                    c.kernel(), c.stride(), c.padding(), c.groups());
        } else if (l instanceof NetLayer.Norm n) {
            return new Layer.BatchNorm(key, tensor(n.module().weight()), tensor(n.module().bias()),
                    tensor(n.module().running_mean()), tensor(n.module().running_var()), NetLayer.Norm.EPSILON);
        } else if (l instanceof NetLayer.Dense d) {
            return new Layer.Linear(key, tensor(d.module().weight()), tensor(d.module().bias()));
        } else if (l instanceof NetLayer.Residual r) {
            return new Layer.Residual(branch(r.pre()), branch(r.main()), branch(r.shortcut()), r.merge(),
                    branch(r.post()));
        }
        return function(l);
    }

    private static Layer function(NetLayer l) {
        if (l instanceof NetLayer.Dropout d) {
            return new Layer.Dropout((float) d.rate());
        } else if (l instanceof NetLayer.MaxPool p) {
            return new Layer.MaxPool(p.kernel(), p.stride());
        } else if (l instanceof NetLayer.AvgPool p) {
            return new Layer.AvgPool(p.kernel(), p.stride(), p.padding());
        } else if (l instanceof NetLayer.GlobalAvgPool) {
            return new Layer.GlobalAvgPool();
        } else if (l instanceof NetLayer.Shuffle s) {
            return new Layer.Shuffle(s.groups(), s.channels());
        } else if (l instanceof NetLayer.Channels c) {
            return new Layer.Channels(c.from(), c.to());
        } else if (l instanceof NetLayer.Flatten) {
            return new Layer.Flatten();
        } else if (l instanceof NetLayer.Relu) {
            return new Layer.Relu();
        }
        if (l instanceof NetLayer.Stage s) {
            throw new io.distill4j.BadInputException("stage '" + s.name() + "' is Java code of your own module, which"
                    + " distill4j cannot export: save the module with the engine's own serialization instead");
        }
        throw new IllegalStateException("no export form for " + l);
    }

    private static Layer.Tensor tensor(org.bytedeco.pytorch.Tensor t) {
        return new Layer.Tensor(t.shape(), Tensors.toFloats(t));
    }
}
