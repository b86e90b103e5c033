package io.distill4j.train;

import io.distill4j.BadInputException;
import io.distill4j.data.BatchSource;
import io.distill4j.distill.Objective;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.DeviceCopies;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Data-parallel training of one network over several devices (GPUs of one machine), as PyTorch's
 * {@code DataParallel} does it: each batch is split into one contiguous shard per device, every
 * replica runs forward and loss on its shard, one backward pass covers all shards, the gradients
 * are summed on the first device (the master's), the master takes the optimizer step and its
 * weights are copied back to the replicas. Devices are driven from the calling thread; CUDA's
 * asynchronous kernels let them work at the same time.
 *
 * <p>An objective that relates the samples of a batch to one another ({@link
 * Objective#batchRelational()}: RKD, SP and their {@code +kd} forms) is not a mean over samples, so
 * its per-shard values cannot be averaged: the shards' logits and features are then gathered onto
 * the master's device and the loss is computed once on the whole batch, its gradient flowing back
 * through the copies to every device.
 *
 * <p>Batch-norm statistics are computed per shard, as in PyTorch's {@code DataParallel};
 * the master keeps the running statistics of the first shard.
 */
public final class DataParallel implements AutoCloseable {
    private final Network master;
    private final List<Network> replicas;

    private DataParallel(Network master, List<Network> replicas) {
        this.master = master;
        this.replicas = replicas;
    }

    /**
     * @param master the network the optimizer updates, on the first device
     * @param others the other devices, one replica each
     * @return the replicas, holding the master's weights
     */
    public static DataParallel of(Network master, List<ComputeDevice> others) {
        List<Network> replicas = new ArrayList<>();
        try {
            for (ComputeDevice d : others) {
                replicas.add(master.replica(d));
            }
        } catch (RuntimeException e) {
            replicas.forEach(Network::close);
            throw e;
        }
        return new DataParallel(master, List.copyOf(replicas));
    }

    /**
     * @param name the learner's name, for the message
     * @param objective what it minimizes
     * @throws BadInputException if the objective trains a block of its own
     */
    public static void check(String name, Objective objective) {
        if (objective.trainable() != null) {
            throw new BadInputException("the objective of " + name + " trains a block of its own, which"
                    + " cannot be split across devices yet: train it on one device (--gpus 1)");
        }
    }

    /** @return the replicas, for tests */
    List<Network> replicas() {
        return replicas;
    }

    /** @return the number of devices a batch is split over */
    public int ways() {
        return replicas.size() + 1;
    }

    /**
     * One data-parallel optimization step; the same contract as {@link TrainingLoop#step}.
     *
     * @param learner the model trained; its network is this instance's master
     * @param batch the whole batch, on the master's device
     * @param teacher the teacher's output on the whole batch, or {@code null}
     * @param progress epochs done so far, fractional
     * @param lr the learning rate
     * @return the loss of the whole batch (the size-weighted mean of the shards' losses, or the loss
     *     of the gathered batch for a batch-relational objective)
     */
    float step(Learner learner, BatchSource.Batch batch, ModelOutput teacher, double progress, double lr) {
        int n = batch.size();
        int k = Math.min(ways(), n);
        long[] bounds = new long[k + 1];
        for (int i = 0; i <= k; i++) {
            bounds[i] = (long) n * i / k;
        }
        Objective objective = learner.objective();
        Tensor total = null;
        List<ModelOutput> outputs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Network net = i == 0 ? master : replicas.get(i - 1);
            Tensor images = net.device().put(batch.images().narrow(0, bounds[i], bounds[i + 1] - bounds[i]));
            outputs.add(net.forward(images, true, objective.studentFeatures()));
        }
        if (objective.batchRelational()) {
            total = objective.loss(ModelOutput.concat(outputs, master.device()), batch.labels(), batch.samples(),
                    teacher, progress);
        } else {
            for (int i = 0; i < k; i++) {
                ComputeDevice device = (i == 0 ? master : replicas.get(i - 1)).device();
                Tensor labels = batch.labels() == null ? null
                        : device.put(batch.labels().narrow(0, bounds[i], bounds[i + 1] - bounds[i]));
                Tensor samples = batch.samples() == null ? null
                        : device.put(batch.samples().narrow(0, bounds[i], bounds[i + 1] - bounds[i]));
                ModelOutput shardTeacher = teacher == null ? null : teacher.slice(bounds[i], bounds[i + 1], device);
                Tensor loss = master.device().put(objective.loss(outputs.get(i), labels, samples, shardTeacher, progress)
                        .mul(Tensors.scalar((double) (bounds[i + 1] - bounds[i]) / n)));
                total = total == null ? loss : total.add(loss);
            }
        }
        total.backward();
        float value = total.item_float();
        sumGradientsIntoMaster(k - 1);
        learner.optimizer().step(learner.trainableBlocks(), lr);
        sync();
        return value;
    }

    /** Copies the master's weights to every replica (after an update, or after a checkpoint is restored). */
    public void sync() {
        for (Network r : replicas) {
            DeviceCopies.copyWeights(master, r);
        }
    }

    private void sumGradientsIntoMaster(int used) {
        List<Tensor> mine = SgdMomentum.parameters(List.of(master.module()));
        try (NoGradGuard g = new NoGradGuard()) {
            for (Network r : replicas.subList(0, used)) {
                List<Tensor> theirs = SgdMomentum.parameters(List.of(r.module()));
                for (int i = 0; i < mine.size(); i++) {
                    Tensor into = mine.get(i).grad();
                    Tensor from = theirs.get(i).grad();
                    if (into.defined() && from.defined()) {
                        into.add_(master.device().put(from));
                    }
                }
                r.module().zero_grad(true);
            }
        }
    }

    /** Frees the replicas; the master belongs to its learner. */
    @Override
    public void close() {
        replicas.forEach(Network::close);
    }
}
