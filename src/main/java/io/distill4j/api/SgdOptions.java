package io.distill4j.api;

import io.distill4j.train.OptimizerConfig;

/**
 * SGD with momentum and weight decay: a linear warm-up to the peak learning rate, then a
 * {@link Schedule}. Validated on construction against the settings table's ranges.
 *
 * @param learningRate peak learning rate, in {@link #LEARNING_RATE}
 * @param momentum momentum coefficient, in {@link #MOMENTUM}
 * @param weightDecay L2 weight decay, in {@link #WEIGHT_DECAY}
 * @param warmupEpochs epochs of linear warm-up from 0 to the peak, in {@link #WARMUP_EPOCHS}
 * @param schedule what follows the warm-up
 */
public record SgdOptions(double learningRate, double momentum, double weightDecay, double warmupEpochs,
        Schedule schedule) {
    /** Valid peak learning rates. */
    public static final ValueRange LEARNING_RATE = ValueRange.of(OptimizerConfig.LEARNING_RATE);
    /** Valid momentum coefficients. */
    public static final ValueRange MOMENTUM = ValueRange.of(OptimizerConfig.MOMENTUM);
    /** Valid weight decays. */
    public static final ValueRange WEIGHT_DECAY = ValueRange.of(OptimizerConfig.WEIGHT_DECAY);
    /** Valid warm-up lengths, in epochs. */
    public static final ValueRange WARMUP_EPOCHS = ValueRange.of(OptimizerConfig.WARMUP_EPOCHS);

    /** The learning rate after the warm-up. */
    public enum Schedule {
        /** Cosine decay from the peak to zero at the last step. */
        COSINE,
        /** The peak rate until the end. */
        CONSTANT,
        /** The peak rate, times 0.1 from 5/8, 6/8 and 7/8 of the epochs on (the field's CIFAR-100 recipe). */
        STEP
    }

    /**
     * Checks every value.
     *
     * @param learningRate peak learning rate
     * @param momentum momentum coefficient
     * @param weightDecay L2 weight decay
     * @param warmupEpochs warm-up epochs
     * @param schedule what follows the warm-up
     * @throws InvalidInputException for a value out of its range (naming it) or no schedule
     */
    public SgdOptions {
        if (schedule == null) {
            throw new InvalidInputException("SGD options need a schedule: give SgdOptions.Schedule.COSINE");
        }
        config(learningRate, momentum, weightDecay, warmupEpochs, schedule);
    }

    /**
     * A cosine schedule.
     *
     * @param learningRate peak learning rate
     * @param momentum momentum coefficient
     * @param weightDecay L2 weight decay
     * @param warmupEpochs warm-up epochs
     */
    public SgdOptions(double learningRate, double momentum, double weightDecay, double warmupEpochs) {
        this(learningRate, momentum, weightDecay, warmupEpochs, Schedule.COSINE);
    }

    /**
     * @param rate the peak learning rate
     * @return these options with that peak rate
     */
    public SgdOptions withLearningRate(double rate) {
        return new SgdOptions(rate, momentum, weightDecay, warmupEpochs, schedule);
    }

    static SgdOptions of(OptimizerConfig c) {
        return new SgdOptions(c.learningRate(), c.momentum(), c.weightDecay(), c.warmupEpochs(),
                Schedule.valueOf(c.schedule().name()));
    }

    OptimizerConfig config() {
        return config(learningRate, momentum, weightDecay, warmupEpochs, schedule);
    }

    private static OptimizerConfig config(double learningRate, double momentum, double weightDecay,
            double warmupEpochs, Schedule schedule) {
        return new OptimizerConfig(learningRate, momentum, weightDecay, warmupEpochs,
                OptimizerConfig.Schedule.valueOf(schedule.name()));
    }
}
