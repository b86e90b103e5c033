package io.distill4j.cluster;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The training pass of one process over its shard of a global batch ({@link #open}, for one step's
 * forward and backward), and what the layers do differently inside it so that the shards together
 * compute what one process computes on the whole batch:
 *
 * <ul>
 *   <li>{@link #dropout}: the mask is drawn for the whole global batch, from the generator that every
 *       process seeds alike, and the shard's rows of it are used: the one-process masks, exactly
 *       (libtorch's CPU dropout: {@code noise = empty_like(x).bernoulli_(1 − p) / (1 − p)}, then {@code
 *       x · noise}).
 *   <li>batch norm over all processes' images where {@code --sync-bn} asks for it ({@link SyncBatchNorm}).
 * </ul>
 */
public final class ShardPass {
    private static final ThreadLocal<Scope> ACTIVE = new ThreadLocal<>();

    private ShardPass() {}

    /** One step's pass; close it after the backward pass. */
    public static final class Scope implements AutoCloseable {
        final Shard shard;
        final Cluster syncBatchNorm;
        private final Scope outer;
        /** Native callbacks of the pass (gradient hooks), reachable until its backward pass is over. */
        final List<Object> keep = new ArrayList<>();

        private Scope(Shard shard, Cluster syncBatchNorm, Scope outer) {
            this.shard = shard;
            this.syncBatchNorm = syncBatchNorm;
            this.outer = outer;
        }

        @Override
        public void close() {
            ACTIVE.set(outer);
        }
    }

    /**
     * @param shard this process's rows of the global batch
     * @param syncBatchNorm the processes whose images batch norm normalizes together, or {@code null}
     *     for each process's own
     * @return the pass, to close after the step's backward pass
     */
    public static Scope open(Shard shard, Cluster syncBatchNorm) {
        Scope scope = new Scope(shard, syncBatchNorm, ACTIVE.get());
        ACTIVE.set(scope);
        return scope;
    }

    /** @return the pass this thread is in, or {@code null} */
    static Scope current() {
        return ACTIVE.get();
    }

    /**
     * @param x activations {@code (n, …)}
     * @param rate the probability of dropping an element
     * @param training whether dropout is active
     * @return libtorch's dropout of {@code x}; inside a pass, with the shard's rows of the whole batch's mask
     */
    public static Tensor dropout(Tensor x, double rate, boolean training) {
        Scope scope = ACTIVE.get();
        if (scope == null || !training || rate <= 0 || rate >= 1 || scope.shard.size() == scope.shard.total()) {
            return torch.dropout(x, rate, training);
        }
        long[] shape = x.sizes().vec().get();
        shape[0] = scope.shard.total();
        Tensor noise = torch.empty(shape, x.options(), new org.bytedeco.pytorch.MemoryFormatOptional())
                .bernoulli_(1 - rate, new GeneratorOptional());
        noise.div_(new Scalar(1 - rate));
        return x.mul(noise.narrow(0, scope.shard.from(), scope.shard.size()));
    }
}
