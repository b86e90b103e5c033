package io.distill4j.train;

import io.distill4j.cluster.Cluster;
import io.distill4j.cluster.Shard;
import io.distill4j.cluster.ShardPass;
import io.distill4j.cluster.SyncBatchNorm;
import io.distill4j.data.BatchSource;
import io.distill4j.distill.Objective;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.ModelOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * One optimization step of a model trained by several processes, as PyTorch's {@code
 * DistributedDataParallel} takes it: every process holds the same weights, runs forward, loss and
 * backward on its shard of the global batch, the gradients are summed over the processes with c10d
 * (bucketed, {@link Cluster#sum(List)}), and every process takes the same optimizer step, so the
 * weights stay equal without being sent.
 *
 * <p>Each shard's mean loss is weighted by its share of the batch before backward, so that the summed
 * gradient is the gradient of the whole batch's mean loss, as one process would compute it.
 *
 * <p>An objective that relates the samples of a batch to one another ({@link
 * Objective#batchRelational()}: RKD, SP) is computed on the gathered global batch instead, as {@link
 * DataParallel} does on one machine: every process gathers the others' logits, features, labels and
 * teacher outputs (no gradient), puts its own live rows in their place and computes the whole
 * batch's loss. Its backward reaches its own rows only; summing over processes gives the gradient of
 * the whole batch's loss.
 *
 * <p>Batch norm uses each shard's statistics, as in PyTorch DDP (the training loop gives every process
 * rank 0's running statistics before it evaluates), or the global batch's with {@code --sync-bn}.
 * Dropout uses the shard's rows of the mask one process draws for the whole batch ({@link ShardPass}).
 */
final class ProcessParallel {
    private ProcessParallel() {}

    /**
     * @param cluster the processes
     * @param learner the model; equal on every process
     * @param batch this process's shard of the global batch, on the model's device
     * @param teacher the teacher's outputs on the shard, or {@code null}
     * @param shard where the shard lies in the global batch
     * @param progress epochs done so far, fractional
     * @param lr the learning rate
     * @param syncBatchNorm whether batch norm uses the global batch's statistics ({@link SyncBatchNorm})
     * @return the loss of the global batch, the same on every process
     */
    static float step(Cluster cluster, Learner learner, BatchSource.Batch batch, ModelOutput teacher, Shard shard,
            double progress, double lr, boolean syncBatchNorm) {
        Objective objective = learner.objective();
        ComputeDevice device = learner.network().device();
        // This process's gradients, then (for a mean over samples) its weighted loss: one sum for all of them.
        List<Tensor> summed = new ArrayList<>();
        Tensor loss;
        try (ShardPass.Scope pass = ShardPass.open(shard, syncBatchNorm ? cluster : null)) {
            ModelOutput mine = learner.network().forward(batch.images(), true, objective.studentFeatures());
            if (objective.batchRelational()) {
                loss = objective.loss(live(cluster, mine, shard, device), gather(cluster, batch.labels(), shard, device),
                        gather(cluster, batch.samples(), shard, device), gathered(cluster, teacher, shard, device), progress);
            } else {
                loss = objective.loss(mine, batch.labels(), batch.samples(), teacher, progress)
                        .mul(Tensors.scalar(shard.weight()));
            }
            loss.backward();
        }
        for (Tensor w : SgdMomentum.parameters(learner.trainableBlocks())) {
            Tensor g = w.grad();
            if (g.defined()) {
                summed.add(g);
            }
        }
        Tensor shardLoss = objective.batchRelational() ? null : loss.detach().reshape(1);
        if (shardLoss != null) {
            summed.add(shardLoss);
        }
        cluster.sum(summed);
        float value = (shardLoss != null ? shardLoss : loss).item_float();
        learner.optimizer().step(learner.trainableBlocks(), lr);
        return value;
    }

    /** The global batch's outputs: the others' rows gathered (constants), this process's rows live. */
    private static ModelOutput live(Cluster cluster, ModelOutput mine, Shard shard, ComputeDevice device) {
        Map<String, Tensor> features = new LinkedHashMap<>();
        mine.features().forEach((name, f) -> features.put(name, splice(cluster, f, shard, device)));
        return new ModelOutput(splice(cluster, mine.logits(), shard, device), features);
    }

    private static Tensor splice(Cluster cluster, Tensor mine, Shard shard, ComputeDevice device) {
        Tensor all = device.put(cluster.gather(mine, shard.rows()));
        TensorVector parts = new TensorVector();
        if (shard.from() > 0) {
            parts.push_back(all.narrow(0, 0, shard.from()));
        }
        parts.push_back(mine);
        if (shard.to() < shard.total()) {
            parts.push_back(all.narrow(0, shard.to(), shard.total() - shard.to()));
        }
        return torch.cat(parts, 0);
    }

    private static ModelOutput gathered(Cluster cluster, ModelOutput mine, Shard shard, ComputeDevice device) {
        if (mine == null) {
            return null;
        }
        Map<String, Tensor> features = new LinkedHashMap<>();
        mine.features().forEach((name, f) -> features.put(name, gather(cluster, f, shard, device)));
        return new ModelOutput(gather(cluster, mine.logits(), shard, device), features);
    }

    private static Tensor gather(Cluster cluster, Tensor mine, Shard shard, ComputeDevice device) {
        return mine == null ? null : device.put(cluster.gather(mine, shard.rows()));
    }
}
