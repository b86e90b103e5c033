package io.distill4j.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.distill4j.BadInputException;
import io.distill4j.data.BatchSource;
import io.distill4j.distill.Objective;
import io.distill4j.model.DeviceCopies;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * Data-parallel training of one network over several devices (GPUs of one machine), as DJL's
 * multi-device training does it: each batch is split into one contiguous shard per device, every
 * replica runs forward and loss on its shard, one backward pass covers all shards, the gradients
 * are summed on the first device (the master's), the master takes the optimizer step and its
 * weights are copied back to the replicas. Devices are driven from the calling thread: DJL's
 * threaded executor is avoided (djl#2459, gradients of zero), and CUDA's asynchronous kernels still
 * let the devices work at the same time.
 *
 * <p>An objective that relates the samples of a batch to one another ({@link
 * Objective#batchRelational()}: RKD, SP and their {@code +kd} forms) is not a mean over samples, so
 * its per-shard values cannot be averaged: the shards' logits and features are then gathered onto
 * the master's device and the loss is computed once on the whole batch, its gradient flowing back
 * through the copies to every device.
 *
 * <p>Batch-norm statistics are computed per shard, as in DJL and PyTorch's {@code DataParallel};
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
    public static DataParallel of(Network master, List<Device> others) {
        List<Network> replicas = new ArrayList<>();
        try {
            for (Device d : others) {
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
        NDArray total = null;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            List<ModelOutput> outputs = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                Network net = i == 0 ? master : replicas.get(i - 1);
                NDArray images = batch.images().get(new NDIndex("{}:{}", bounds[i], bounds[i + 1]))
                        .toDevice(net.device(), false);
                outputs.add(net.forward(images, true, objective.studentFeatures()));
            }
            if (objective.batchRelational()) {
                total = objective.loss(ModelOutput.concat(outputs, master.device()), batch.labels(), teacher, progress);
            } else {
                for (int i = 0; i < k; i++) {
                    Device device = outputs.get(i).logits().getDevice();
                    NDArray labels = batch.labels() == null ? null
                            : batch.labels().get(new NDIndex("{}:{}", bounds[i], bounds[i + 1])).toDevice(device, false);
                    ModelOutput shardTeacher = teacher == null ? null : teacher.slice(bounds[i], bounds[i + 1], device);
                    NDArray loss = objective.loss(outputs.get(i), labels, shardTeacher, progress)
                            .mul((float) (bounds[i + 1] - bounds[i]) / n).toDevice(master.device(), false);
                    total = total == null ? loss : total.add(loss);
                }
            }
            collector.backward(total);
        }
        float value = total.getFloat();
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
        List<Pair<String, Parameter>> mine = master.block().getParameters().stream().toList();
        for (Network r : replicas.subList(0, used)) {
            List<Pair<String, Parameter>> theirs = r.block().getParameters().stream().toList();
            for (int i = 0; i < mine.size(); i++) {
                NDArray w = mine.get(i).getValue().getArray();
                if (!w.hasGradient()) {
                    continue;
                }
                try (NDArray into = w.getGradient();
                        NDArray from = theirs.get(i).getValue().getArray().getGradient()) {
                    DeviceCopies.withCopy(from, w.getDevice(), into::addi);
                }
            }
        }
    }

    /** Frees the replicas; the master belongs to its learner. */
    @Override
    public void close() {
        replicas.forEach(Network::close);
    }
}
