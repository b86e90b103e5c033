package io.distill4j.model;

import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * What a network costs: its parameters, the size of its weights and its multiply-accumulates, and
 * the shapes of its layers' outputs they are counted from.
 */
final class NetworkCounts {
    private NetworkCounts() {}

    /** @return the number of trainable parameters (batch-norm running statistics excluded) */
    static long trainableParameters(Network net) {
        long n = 0;
        var params = net.module().parameters(true);
        for (long i = 0; i < params.size(); i++) {
            n += params.get(i).numel();
        }
        return n;
    }

    /** @return the size of all float32 weights (running statistics included) in MB (10^6 bytes) */
    static double sizeMb(Network net) {
        long n = 0;
        for (Tensor t : net.tensors().values()) {
            if (t.is_floating_point()) {
                n += t.numel();
            }
        }
        return n * 4 / 1e6;
    }

    /** @return multiply-accumulates of convolutions and linear layers for one image */
    static long macsPerImage(Network net) {
        List<Dims> outputs = net.layerOutputShapes();
        long macs = 0;
        for (int i = 0; i < outputs.size(); i++) {
            NetLayer l = net.layers().get(i);
            Tensor w = l instanceof NetLayer.Conv c ? c.module().weight()
                    : l instanceof NetLayer.Dense d ? d.module().weight() : null;
            if (w != null) {
                long perOutput = w.numel() / w.size(0);
                Dims out = outputs.get(i);
                macs += out.size() / out.get(0) * perOutput;
            }
        }
        return macs;
    }

    /**
     * @return the output shape of every layer for one image ({@code (1, …)}), in forward order, found
     *     by one float32 inference pass on a blank image
     */
    static List<Dims> outputShapes(Network net) {
        Module root = net.module();
        boolean wasTraining = root.is_training();
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            root.train(false);
            Tensor x = net.device().put(torch.zeros(net.spec().inputShape().sizes()));
            List<Dims> out = new ArrayList<>();
            for (NetLayer l : net.layers()) {
                x = l.forward(x, false);
                out.add(Tensors.dims(x));
            }
            return List.copyOf(out);
        } finally {
            root.train(wasTraining);
        }
    }
}
