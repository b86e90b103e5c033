package io.distill4j.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds each batch norm that directly follows a convolution into that convolution, for inference:
 * with {@code s = γ / √(var + ε)} per output channel, the convolution's weights become {@code w·s}
 * and its bias {@code (b − mean)·s + β} (b = 0 for a convolution without bias). The result computes
 * the same function (up to float32 rounding; the arithmetic is done in double) with one layer less
 * per block. Blocks are folded branch by branch.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {}

    /**
     * @param layers layers in forward order
     * @return the same layers with every convolution + batch norm pair folded into one convolution
     */
    public static List<Layer> fold(List<Layer> layers) {
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof Layer.Conv conv && i + 1 < layers.size()
                    && layers.get(i + 1) instanceof Layer.BatchNorm bn && bn.channels() == conv.outChannels()) {
                out.add(fold(conv, bn));
                i++;
            } else if (l instanceof Layer.Residual r) {
                out.add(new Layer.Residual(fold(r.pre()), fold(r.main()), fold(r.shortcut()), r.merge(), fold(r.post())));
            } else {
                out.add(l);
            }
        }
        return List.copyOf(out);
    }

    /**
     * @param layers layers in forward order
     * @return how many batch norms {@link #fold} folds
     */
    public static int foldable(List<Layer> layers) {
        return norms(layers) - norms(fold(layers));
    }

    private static int norms(List<Layer> layers) {
        return (int) layers.stream()
                .flatMap(l -> l instanceof Layer.Residual r ? r.all() : java.util.stream.Stream.of(l))
                .filter(l -> l instanceof Layer.BatchNorm).count();
    }

    private static Layer.Conv fold(Layer.Conv conv, Layer.BatchNorm bn) {
        int out = conv.outChannels();
        float[] w = conv.weight().values();
        float[] b = conv.bias() != null ? conv.bias().values() : new float[out];
        int perChannel = w.length / out;
        float[] weight = new float[w.length];
        float[] bias = new float[out];
        for (int c = 0; c < out; c++) {
            double s = bn.gamma().values()[c] / Math.sqrt((double) bn.variance().values()[c] + bn.epsilon());
            for (int j = c * perChannel; j < (c + 1) * perChannel; j++) {
                weight[j] = (float) (w[j] * s);
            }
            bias[c] = (float) ((b[c] - (double) bn.mean().values()[c]) * s + bn.beta().values()[c]);
        }
        return new Layer.Conv(conv.key(), new Layer.Tensor(conv.weight().shape(), weight),
                new Layer.Tensor(new long[] {out}, bias), conv.kernel(), conv.stride(), conv.padding(), conv.groups());
    }
}
