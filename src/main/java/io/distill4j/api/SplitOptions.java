package io.distill4j.api;

/**
 * How a data set's official training images become the training and validation splits: validated on
 * construction.
 *
 * @param trainLimit use only the first this many training images; 0 for all of them
 * @param validationFraction share of those held out for validation, in [0, 1)
 * @param seed seed of the hold-out shuffle
 */
public record SplitOptions(int trainLimit, double validationFraction, long seed) {
    /** The study's splits: every training image, 10 % held out for validation, seed 1. */
    public static final SplitOptions DEFAULT = of(io.distill4j.data.SplitOptions.DEFAULT);

    /**
     * Checks the limit and the fraction.
     *
     * @param trainLimit training images to use, 0 for all
     * @param validationFraction share held out for validation
     * @param seed seed of the hold-out shuffle
     * @throws InvalidInputException for a negative limit or a fraction outside [0, 1)
     */
    public SplitOptions {
        new io.distill4j.data.SplitOptions(trainLimit, validationFraction, seed);
    }

    private static SplitOptions of(io.distill4j.data.SplitOptions o) {
        return new SplitOptions(o.trainLimit(), o.validationFraction(), o.splitSeed());
    }

    io.distill4j.data.SplitOptions engine() {
        return new io.distill4j.data.SplitOptions(trainLimit, validationFraction, seed);
    }
}
