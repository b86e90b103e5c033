package io.distill4j.train;

import io.distill4j.Range;

/**
 * SGD with momentum and weight decay, under a linear warm-up followed by cosine decay to zero, a
 * constant rate (as the original notebook used), or steps of ×0.1 (the field's CIFAR recipe).
 *
 * @param learningRate peak learning rate, positive
 * @param momentum momentum coefficient, in [0, 1)
 * @param weightDecay L2 weight decay, non-negative
 * @param warmupEpochs epochs of linear warm-up from 0 to the peak, non-negative
 * @param schedule what follows the warm-up
 */
public record OptimizerConfig(
        double learningRate, double momentum, double weightDecay, double warmupEpochs, Schedule schedule) {

    /** The learning rate after the warm-up. */
    public enum Schedule {
        /** Cosine decay from the peak to zero at the last step. */
        COSINE,
        /** The peak rate until the end. */
        CONSTANT,
        /**
         * The peak rate, times 0.1 from 5/8, 6/8 and 7/8 of the epochs on: RepDistiller's and
         * mdistiller's CIFAR-100 recipe, epochs 150, 180 and 210 of 240.
         */
        STEP
    }

    /** The fractions of the epochs at which {@link Schedule#STEP} divides the rate by 10. */
    public static final double[] STEP_MILESTONES = {5 / 8.0, 6 / 8.0, 7 / 8.0};

    /** Valid peak learning rates. */
    public static final Range LEARNING_RATE = Range.aboveUpTo(0, 10);
    /** Valid momentum coefficients. */
    public static final Range MOMENTUM = Range.fromBelow(0, 1);
    /** Valid weight decays. */
    public static final Range WEIGHT_DECAY = Range.fromBelow(0, 1);
    /** Valid warm-up lengths, in epochs. */
    public static final Range WARMUP_EPOCHS = Range.fromBelow(0, 1000);

    /** A cosine schedule. */
    public OptimizerConfig(double learningRate, double momentum, double weightDecay, double warmupEpochs) {
        this(learningRate, momentum, weightDecay, warmupEpochs, Schedule.COSINE);
    }

    /** Checks ranges. */
    public OptimizerConfig {
        if (schedule == null) {
            schedule = Schedule.COSINE;
        }
        LEARNING_RATE.check("learning rate", learningRate, 0.05);
        MOMENTUM.check("momentum", momentum, 0.9);
        WEIGHT_DECAY.check("weight decay", weightDecay, 5e-4);
        WARMUP_EPOCHS.check("warm-up epochs", warmupEpochs, 1);
    }

    /**
     * @param step 0-based optimizer step
     * @param stepsPerEpoch steps in one epoch
     * @param epochs epochs of the whole schedule
     * @return the learning rate at that step
     */
    public double learningRateAt(long step, int stepsPerEpoch, int epochs) {
        double total = (double) stepsPerEpoch * epochs;
        double warm = Math.min(warmupEpochs * stepsPerEpoch, total / 2);
        double t = step + 1;
        if (t <= warm) {
            return learningRate * t / warm;
        }
        if (schedule == Schedule.CONSTANT) {
            return learningRate;
        }
        if (schedule == Schedule.STEP) {
            long epoch = step / stepsPerEpoch;
            double rate = learningRate;
            for (double m : STEP_MILESTONES) {
                if (epoch >= Math.round(m * epochs)) {
                    rate *= 0.1;
                }
            }
            return rate;
        }
        double progress = (t - warm) / Math.max(1, total - warm);
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }
}
