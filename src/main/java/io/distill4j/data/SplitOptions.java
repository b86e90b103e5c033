package io.distill4j.data;

import io.distill4j.BadInputException;

/**
 * How a dataset's official training set becomes the images a run trains and validates on:
 * validated on construction.
 *
 * @param trainLimit use only the first this many training images; 0 for all of them
 * @param validationFraction share of those held out for validation, in [0, 1)
 * @param splitSeed seed of the hold-out shuffle
 */
public record SplitOptions(int trainLimit, double validationFraction, long splitSeed) {
    /** The study's defaults: every training image, 10 % held out for validation, seed 1. */
    public static final SplitOptions DEFAULT = new SplitOptions(0, 0.1, 1);

    /**
     * Checks the limit and the fraction.
     *
     * @throws BadInputException for a negative limit or a fraction outside [0, 1)
     */
    public SplitOptions {
        if (trainLimit < 0) {
            throw new BadInputException("train limit " + trainLimit + " is negative: give 0 for every training image");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new BadInputException(
                    "validation fraction " + validationFraction + " is outside [0, 1): use e.g. 0.1");
        }
    }
}
