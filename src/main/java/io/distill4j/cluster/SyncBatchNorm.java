package io.distill4j.cluster;

import java.util.List;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.TensorTensorHook;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Batch norm over the global batch of a multi-process job ({@code --sync-bn}), as PyTorch's {@code
 * SyncBatchNorm}: in a training {@link ShardPass} that asks for it, each batch-norm layer normalizes with the
 * mean and variance of all processes' images, and its running statistics (the same on every process)
 * follow them.
 *
 * <p>Forward: each process sums its images' values and squares per channel; one c10d sum gives the
 * global sums {@code S}, {@code Q} and count {@code M}; {@code μ = S/M}, {@code σ² = Q/M − μ²} (biased,
 * for normalizing), {@code y = (x − μ)/√(σ² + ε)·γ + β}. Backward: the global sums are built as this
 * process's live sums plus the others' as constants, so autograd reaches this process's images through
 * them; a hook on each replaces its gradient by the sum over processes, so that every process's share of
 * the loss moves every image's gradient, as one process on the whole batch would. Running statistics:
 * {@code r ← (1 − m)·r + m·μ} and {@code v ← (1 − m)·v + m·σ²·M/(M − 1)} (unbiased), as libtorch's.
 */
public final class SyncBatchNorm {
    private SyncBatchNorm() {}

    /**
     * @param norm a batch-norm layer
     * @param x its input {@code (n, C, h, w)}
     * @return the layer's output: over the global batch in a training {@link ShardPass} with
     *     synchronized batch norm, else the layer's own
     */
    public static Tensor forward(BatchNorm2dImpl norm, Tensor x) {
        ShardPass.Scope scope = ShardPass.current();
        if (scope == null || scope.syncBatchNorm == null || !norm.is_training()) {
            return norm.forward(x);
        }
        Cluster cluster = scope.syncBatchNorm;
        long channels = x.size(1);
        // Statistics in float64: E[x²] − μ² loses digits in float32 where the variance is small beside μ².
        Tensor xf = x.to(torch.ScalarType.Double);
        long[] dims = {0, 2, 3};
        Tensor sum = xf.sum(dims, false, new ScalarTypeOptional());
        Tensor squares = xf.mul(xf).sum(dims, false, new ScalarTypeOptional());
        Tensor totals = torch.cat(new TensorVector(sum.detach(), squares.detach(),
                org.bytedeco.pytorch.AbstractTensor.create((double) (xf.numel() / channels))));
        cluster.sum(List.of(totals));
        double count = totals.narrow(0, 2 * channels, 1).item_double();
        Tensor globalSum = global(scope, sum, totals.narrow(0, 0, channels));
        Tensor globalSquares = global(scope, squares, totals.narrow(0, channels, channels));
        Tensor mean = globalSum.div(new Scalar(count));
        Tensor variance = globalSquares.div(new Scalar(count)).sub(mean.mul(mean));
        double eps = norm.options().eps().get();
        Tensor scale = variance.add(new Scalar(eps)).rsqrt();
        Tensor y = xf.sub(mean.view(1, -1, 1, 1)).mul(scale.view(1, -1, 1, 1)).to(torch.ScalarType.Float);
        if (norm.weight().defined()) {
            y = y.mul(norm.weight().view(1, -1, 1, 1)).add(norm.bias().view(1, -1, 1, 1));
        }
        if (norm.running_mean().defined()) {
            double m = norm.options().momentum().has_value() ? norm.options().momentum().get() : 0.1;
            try (NoGradGuard g = new NoGradGuard()) {
                norm.running_mean().mul_(new Scalar(1 - m)).add_(mean.detach().to(torch.ScalarType.Float), new Scalar(m));
                norm.running_var().mul_(new Scalar(1 - m))
                        .add_(variance.detach().to(torch.ScalarType.Float), new Scalar(m * count / (count - 1)));
                norm.num_batches_tracked().add_(new Scalar(1L));
            }
        }
        return y.to(x.scalar_type());
    }

    /** The global sum's value, with this process's live sum as its gradient path; its gradient summed over processes. */
    private static Tensor global(ShardPass.Scope scope, Tensor mine, Tensor total) {
        Tensor all = mine.add(total.sub(mine.detach()));
        TensorTensorHook hook = new TensorTensorHook() {
            @Override
            public TensorBase call(TensorBase gradient) {
                Tensor summed = new Tensor(gradient).clone();
                scope.syncBatchNorm.sum(List.of(summed));
                return summed;
            }
        };
        scope.keep.add(hook);
        all.register_hook(hook);
        return all;
    }
}
