package io.distill4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.distill4j.data.BatchSource;
import io.distill4j.eval.Evaluator;
import io.distill4j.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains one or more learners in a single pass over the same augmented batches. When any learner
 * distils, the teacher runs once per batch, in inference mode and outside every gradient
 * collector, and all learners share its logits. Reports through {@link TrainingListener}s only.
 */
public final class TrainingLoop {
    private final List<TrainingListener> listeners;

    /**
     * Figures of a finished phase.
     *
     * @param images training images seen per learner
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
        this.listeners = List.copyOf(listeners);
    }

    /**
     * @param phase phase name for listeners
     * @param learners the models trained in this pass
     * @param teacher the frozen teacher, or {@code null} if no learner needs one
     * @param train training batches (augmented when {@code augment})
     * @param validation validation batches (never augmented)
     * @param epochs number of epochs
     * @param seed data seed (order and augmentation of every epoch derive from it)
     * @param augment whether to crop and flip training batches
     * @param manager parent manager of the per-batch arrays
     * @return the phase's timing
     */
    public PhaseTiming run(
            String phase, List<Learner> learners, Network teacher, BatchSource train, BatchSource validation,
            int epochs, long seed, boolean augment, NDManager manager) {
        boolean needTeacher = learners.stream().anyMatch(l -> l.objective().needsTeacher());
        if (needTeacher && teacher == null) {
            throw new IllegalArgumentException("a learner of phase " + phase + " needs a teacher");
        }
        int steps = train.batchesPerEpoch();
        listeners.forEach(l -> l.onPhaseStart(phase, learners.stream().map(Learner::name).toList(), epochs, steps));
        long phaseStart = System.nanoTime();
        long dataNanos = 0;
        long teacherNanos = 0;
        long evalNanos = 0;
        long[] stepNanos = new long[learners.size()];
        long images = 0;
        Engine.getInstance().setRandomSeed((int) seed);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long epochStart = System.nanoTime();
            int[] order = train.epochOrder(seed, epoch);
            Random rng = BatchSource.augmentationRandom(seed, epoch);
            double[] lossSum = new double[learners.size()];
            double lr = 0;
            for (int b = 0; b < steps; b++) {
                try (NDManager m = manager.newSubManager()) {
                    long t0 = System.nanoTime();
                    BatchSource.Batch batch = train.batch(m, order, b, augment, rng);
                    long t1 = System.nanoTime();
                    dataNanos += t1 - t0;
                    NDArray teacherLogits = needTeacher ? teacher.forward(batch.images(), false) : null;
                    teacherNanos += System.nanoTime() - t1;
                    for (int i = 0; i < learners.size(); i++) {
                        Learner learner = learners.get(i);
                        long s0 = System.nanoTime();
                        lr = learner.optimizer().config().learningRateAt(learner.optimizer().steps(), steps, epochs);
                        float loss = step(learner, batch, teacherLogits, lr);
                        stepNanos[i] += System.nanoTime() - s0;
                        if (!Float.isFinite(loss)) {
                            throw new TrainingFailedException(
                                    "loss of " + learner.name() + " became " + loss + " at epoch " + epoch
                                            + ", batch " + (b + 1) + ": lower the learning rate");
                        }
                        lossSum[i] += loss;
                    }
                    images += batch.size();
                    int ep = epoch;
                    int batchNo = b + 1;
                    int size = batch.size();
                    listeners.forEach(l -> l.onBatch(ep, batchNo, size));
                }
            }
            long e0 = System.nanoTime();
            List<Evaluator.Score> scores = new ArrayList<>();
            for (Learner learner : learners) {
                scores.add(Evaluator.score(learner.network(), validation, manager));
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
        }
        listeners.forEach(l -> l.onPhaseEnd(phase));
        List<Double> perLearner = new ArrayList<>();
        for (long s : stepNanos) {
            perLearner.add(s / 1e9);
        }
        return new PhaseTiming(images / epochs, (System.nanoTime() - phaseStart) / 1e9, dataNanos / 1e9,
                teacherNanos / 1e9, perLearner, evalNanos / 1e9);
    }

    private static float step(Learner learner, BatchSource.Batch batch, NDArray teacherLogits, double lr) {
        float loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = learner.network().forward(batch.images(), true);
            NDArray value = learner.objective().loss(logits, batch.labels(), teacherLogits);
            collector.backward(value);
            loss = value.getFloat();
        }
        learner.optimizer().step(learner.network().block(), lr);
        return loss;
    }
}
