package io.distill4j.train;

import io.distill4j.cluster.Cluster;
import io.distill4j.cluster.Shard;
import io.distill4j.data.BatchSource;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import io.distill4j.eval.Evaluator;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Trains one or more learners in a single pass over the same augmented batches. When any learner
 * distils, the teacher runs once per batch, in inference mode and outside every gradient
 * collector, and all learners share its logits. Reports through {@link TrainingListener}s only.
 */
public final class TrainingLoop {
    private final List<TrainingListener> listeners;
    private final Cluster cluster;
    private final boolean syncBatchNorm;

    /**
     * Figures of a finished phase.
     *
     * @param images training images seen per learner in this call (all epochs)
     * @param totalSeconds wall time of the phase, validation included
     * @param dataSeconds time spent building batches
     * @param teacherSeconds time spent in teacher forwards
     * @param stepSeconds per learner, time in its forward, backward and update
     * @param evalSeconds time spent scoring the validation split
     */
    public record PhaseTiming(
            long images, double totalSeconds, double dataSeconds, double teacherSeconds,
            List<Double> stepSeconds, double evalSeconds) {}

    /** @param listeners receivers of the loop's events */
    public TrainingLoop(List<TrainingListener> listeners) {
        this(listeners, null, false);
    }

    /**
     * A loop that trains one model on several processes ({@link ProcessParallel}): each process reads
     * and trains on its shard of every global batch and scores its share of the validation batches.
     * Every process runs the same plan with the same learners; listeners see global figures.
     *
     * @param listeners receivers of the loop's events
     * @param cluster the processes, or {@code null} for this process alone
     * @param syncBatchNorm whether batch norm normalizes over all processes' images ({@code --sync-bn})
     */
    public TrainingLoop(List<TrainingListener> listeners, Cluster cluster, boolean syncBatchNorm) {
        this.listeners = List.copyOf(listeners);
        this.cluster = cluster;
        this.syncBatchNorm = syncBatchNorm;
    }

    /** @return the processes this loop trains with, or {@code null} for one */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * What a phase trains for and how its randomness is seeded.
     *
     * @param phase phase name for listeners and checkpoints
     * @param epochs total epochs of the phase (the schedule spans all of them)
     * @param firstEpoch 1-based epoch to start at (greater than 1 when resuming)
     * @param seed data seed: the order, augmentation and dropout of epoch e derive from (seed, e)
     * @param augment whether to crop and flip training batches
     * @param teacherTraining run the teacher in training mode (batch statistics, dropout), a defect
     *     of the original notebook reproduced only on request
     */
    public record Plan(String phase, int epochs, int firstEpoch, long seed, boolean augment, boolean teacherTraining) {
        /** Checks the epoch range. */
        public Plan {
            if (epochs < 0 || firstEpoch < 1) {
                throw new IllegalArgumentException("bad epoch range " + firstEpoch + ".." + epochs);
            }
        }
    }

    /**
     * @param plan epochs and seeds
     * @param learners the models trained in this pass
     * @param teacher the teacher's outputs on the training batches, or {@code null} if no learner needs them
     * @param train training batches
     * @param validation validation batches (never augmented)
     * @return the timing of the epochs run by this call
     */
    public PhaseTiming run(Plan plan, List<Learner> learners, TeacherOutputs teacher, BatchSource train,
            BatchSource validation) {
        boolean needTeacher = learners.stream().anyMatch(l -> l.objective().needsTeacher());
        Set<String> teacherFeatures = new HashSet<>();
        learners.forEach(l -> teacherFeatures.addAll(l.objective().teacherFeatures()));
        if (needTeacher && teacher == null) {
            throw new IllegalArgumentException("a learner of phase " + plan.phase() + " needs a teacher");
        }
        int steps = train.batchesPerEpoch();
        // Learners of one pass share a device (a data-parallel learner's master is on the first).
        ComputeDevice device = learners.get(0).network().device();
        String phase = plan.phase();
        listeners.forEach(l -> l.onPhaseStart(phase, learners.stream().map(Learner::name).toList(), plan.epochs(), steps));
        long phaseStart = System.nanoTime();
        long dataNanos = 0;
        long teacherNanos = 0;
        long evalNanos = 0;
        long[] stepNanos = new long[learners.size()];
        long images = 0;
        for (int epoch = plan.firstEpoch(); epoch <= plan.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            Torch.seed(BatchSource.epochSeed(plan.seed(), epoch));
            int[] order = train.epochOrder(plan.seed(), epoch);
            Random rng = BatchSource.augmentationRandom(plan.seed(), epoch);
            double[] lossSum = new double[learners.size()];
            double lr = 0;
            for (int b = 0; b < steps; b++) {
                try (PointerScope scope = new PointerScope()) {
                    long t0 = System.nanoTime();
                    int whole = train.size(order, b);
                    Shard shard = Shard.of(cluster == null ? 0 : cluster.rank(), cluster == null ? 1 : cluster.size(), whole);
                    if (shard.anyEmpty()) {
                        // A last batch smaller than the number of processes: every process skips it alike.
                        BatchSource.skipAugmentation(rng, plan.augment() ? whole : 0);
                        continue;
                    }
                    BatchSource.Batch batch = train.batch(order, b, plan.augment(), rng, shard.from(), shard.to()).on(device);
                    long t1 = System.nanoTime();
                    dataNanos += t1 - t0;
                    ModelOutput teacherOut = needTeacher
                            ? teacherOutputs(teacher, batch, view(plan, epoch, order, b * train.batchSize() + shard.from(),
                                    shard.size()), plan.teacherTraining(), teacherFeatures) : null;
                    teacherNanos += System.nanoTime() - t1;
                    for (int i = 0; i < learners.size(); i++) {
                        Learner learner = learners.get(i);
                        long s0 = System.nanoTime();
                        lr = learner.optimizer().config().learningRateAt(learner.optimizer().steps(), steps, plan.epochs());
                        double progress = epoch - 1 + (double) b / steps;
                        float loss = cluster == null ? step(learner, batch, teacherOut, progress, lr)
                                : ProcessParallel.step(cluster, learner, batch, teacherOut, shard, progress, lr, syncBatchNorm);
                        stepNanos[i] += System.nanoTime() - s0;
                        if (!Float.isFinite(loss)) {
                            throw new TrainingFailedException(
                                    "loss of " + learner.name() + " became " + loss + " at epoch " + epoch
                                            + ", batch " + (b + 1) + "; the last checkpoint is kept: lower the learning rate");
                        }
                        lossSum[i] += loss;
                    }
                    images += whole;
                    int ep = epoch;
                    int batchNo = b + 1;
                    listeners.forEach(l -> l.onBatch(ep, batchNo, whole));
                }
            }
            long e0 = System.nanoTime();
            List<Evaluator.Score> scores = new ArrayList<>();
            for (Learner learner : learners) {
                if (cluster != null) {
                    // Batch norm's running statistics are each process's own: all evaluate (and keep) rank 0's.
                    learner.trainableBlocks().forEach(m -> cluster.broadcast(Tensors.buffers(m)));
                }
                scores.add(Evaluator.score(learner.network(), validation, cluster));
            }
            long e1 = System.nanoTime();
            evalNanos += e1 - e0;
            double seconds = (e1 - epochStart) / 1e9;
            for (int i = 0; i < learners.size(); i++) {
                EpochMetrics metrics = new EpochMetrics(
                        learners.get(i).name(), epoch, lossSum[i] / steps, scores.get(i).loss(),
                        scores.get(i).accuracy(), lr, seconds);
                listeners.forEach(l -> l.onEpoch(metrics));
            }
            int done = epoch;
            listeners.forEach(l -> l.onEpochEnd(phase, done, learners));
        }
        listeners.forEach(l -> l.onPhaseEnd(phase));
        List<Double> perLearner = new ArrayList<>();
        for (long s : stepNanos) {
            perLearner.add(s / 1e9);
        }
        return new PhaseTiming(images, (System.nanoTime() - phaseStart) / 1e9, dataNanos / 1e9,
                teacherNanos / 1e9, perLearner, evalNanos / 1e9);
    }

    /** The teacher's outputs, never recorded for gradients. */
    private static ModelOutput teacherOutputs(TeacherOutputs teacher, BatchSource.Batch batch, TeacherOutputs.View view,
            boolean training, Set<String> features) {
        try (NoGradGuard g = new NoGradGuard()) {
            return teacher.outputs(batch, view, training, features);
        }
    }

    private static TeacherOutputs.View view(Plan plan, int epoch, int[] order, int first, int size) {
        return new TeacherOutputs.View(plan.seed(), epoch, first, java.util.Arrays.copyOfRange(order, first, first + size));
    }

    /**
     * One optimization step of one learner: forward, loss, backward, update. The loop's own step,
     * public so that benchmarks time exactly the same work.
     *
     * @param learner the model trained
     * @param batch the images and labels
     * @param teacher the teacher's output on the batch, or {@code null} if the objective needs none
     * @param progress epochs done so far, fractional (for warm-up schedules of objectives)
     * @param lr the learning rate of this step
     * @return the loss before the update
     */
    public static float step(Learner learner, BatchSource.Batch batch, ModelOutput teacher, double progress,
            double lr) {
        if (learner.parallel() != null) {
            return learner.parallel().step(learner, batch, teacher, progress, lr);
        }
        ModelOutput out = learner.network().forward(batch.images(), true, learner.objective().studentFeatures());
        Tensor value = learner.objective().loss(out, batch.labels(), batch.samples(), teacher, progress);
        value.backward();
        float loss = value.item_float();
        learner.optimizer().step(learner.trainableBlocks(), lr);
        return loss;
    }
}
