package io.distill4j.train;

import io.distill4j.BadInputException;

/**
 * SGD with momentum and weight decay, under a linear warm-up followed by cosine decay to zero (or a
 * constant rate, as the original notebook used).
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
        CONSTANT
    }

    /** A cosine schedule. */
    public OptimizerConfig(double learningRate, double momentum, double weightDecay, double warmupEpochs) {
        this(learningRate, momentum, weightDecay, warmupEpochs, Schedule.COSINE);
    }

    /** Checks ranges. */
    public OptimizerConfig {
        if (schedule == null) {
            schedule = Schedule.COSINE;
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new BadInputException("learning rate " + learningRate + " is outside (0, 10]: use e.g. 0.05");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new BadInputException("momentum " + momentum + " is outside [0, 1): use e.g. 0.9");
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new BadInputException("weight decay " + weightDecay + " is outside [0, 1): use e.g. 5e-4");
        }
        if (!(warmupEpochs >= 0 && warmupEpochs < 1000)) {
            throw new BadInputException("warm-up " + warmupEpochs + " epochs is outside [0, 1000)");
        }
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
        double progress = (t - warm) / Math.max(1, total - warm);
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }
}
