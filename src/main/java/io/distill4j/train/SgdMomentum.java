package io.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
     * Updates every parameter of {@code blocks} that has a gradient.
     *
     * @param blocks the network being trained and any block trained with it
     * @param learningRate the step's learning rate
     */
    public void step(List<Block> blocks, double learningRate) {
        float momentum = (float) config.momentum();
        for (Pair<String, Parameter> p : parameters(blocks)) {
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

    private static List<Pair<String, Parameter>> parameters(List<Block> blocks) {
        List<Pair<String, Parameter>> all = new ArrayList<>();
        for (Block b : blocks) {
            b.getParameters().forEach(all::add);
        }
        return all;
    }

    /**
     * Writes the step count and momentum buffers, in the block's parameter order.
     *
     * @param out destination
     * @param blocks the blocks this optimizer trains
     * @throws IOException if writing fails
     */
    public void writeState(DataOutputStream out, List<Block> blocks) throws IOException {
        out.writeLong(steps);
        for (Pair<String, Parameter> p : parameters(blocks)) {
            NDArray v = velocity.get(p.getValue().getId());
            out.writeBoolean(v != null);
            if (v != null) {
                byte[] bytes = v.encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /**
     * Restores what {@link #writeState} wrote, replacing the current state.
     *
     * @param in source
     * @param blocks the blocks this optimizer trains (same architectures as when written)
     * @throws IOException if reading fails or the data is inconsistent
     */
    public void readState(DataInputStream in, List<Block> blocks) throws IOException {
        long restoredSteps = in.readLong();
        if (restoredSteps < 0) {
            throw new Checkpointer.Corrupt("negative optimizer step count " + restoredSteps);
        }
        velocity.values().forEach(NDArray::close);
        velocity.clear();
        for (Pair<String, Parameter> p : parameters(blocks)) {
            if (in.readBoolean()) {
                int length = in.readInt();
                if (length <= 0 || length > (1 << 30)) {
                    throw new Checkpointer.Corrupt("implausible momentum buffer size " + length);
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length != length) {
                    throw new Checkpointer.Corrupt("checkpoint ends inside a momentum buffer");
                }
                NDArray weight = p.getValue().getArray();
                NDArray v = NDArray.decode(weight.getManager(), bytes);
                if (!v.getShape().equals(weight.getShape())) {
                    throw new Checkpointer.Corrupt("momentum buffer of " + p.getKey() + " has shape " + v.getShape());
                }
                velocity.put(p.getValue().getId(), v);
            }
        }
        steps = restoredSteps;
    }
}
