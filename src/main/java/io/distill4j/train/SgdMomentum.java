package io.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum and weight decay, applied by libtorch's fused update
 * ({@code v ← μ·v + g + λ·w; w ← w − η·v}, gradients zeroed afterwards). Unlike DJL's parameter
 * server it neither copies gradients nor hides its state: the momentum buffers are reachable for
 * checkpoints.
 */
public final class SgdMomentum {
    private final OptimizerConfig config;
    private final Map<String, NDArray> velocity = new LinkedHashMap<>();
    private long steps;

    /** @param config the hyper-parameters */
    public SgdMomentum(OptimizerConfig config) {
        this.config = config;
    }

    /** @return the hyper-parameters */
    public OptimizerConfig config() {
        return config;
    }

    /** @return optimizer steps taken so far */
    public long steps() {
        return steps;
    }

    /**
     * Updates every parameter of {@code block} that has a gradient.
     *
     * @param block the network being trained
     * @param learningRate the step's learning rate
     */
    public void step(Block block, double learningRate) {
        float momentum = (float) config.momentum();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray weight = p.getValue().getArray();
            if (!weight.hasGradient()) {
                continue;
            }
            try (NDArray grad = weight.getGradient()) {
                NDList inputs = momentum == 0
                        ? new NDList(weight, grad)
                        : new NDList(weight, grad, velocity.computeIfAbsent(p.getValue().getId(), k -> weight.zerosLike()));
                weight.getNDArrayInternal().sgdUpdate(
                        inputs, new NDList(weight), (float) learningRate, (float) config.weightDecay(), 1f, -1f, momentum, true);
            }
        }
        steps++;
    }
}
