package io.distill4j.study;

import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.Normalization;
import io.distill4j.data.Split;

/**
 * The images a study run trains, validates and tests on, and how it normalizes them: derived from
 * its settings alone, so that {@code evaluate --run} sees exactly what the run saw.
 *
 * @param split the training images (after {@code --train-limit}) split into train and validation
 *     by {@code --validation-fraction} and {@code --split-seed}
 * @param test the dataset's test set
 * @param norm the training split's per-channel statistics, used for train and validation
 * @param testNorm the test set's normalization: {@code norm}, or ImageNet's under
 *     {@code --legacy-notebook-loss}, as the original notebook did
 */
public record RunSplits(Split split, ImageSet test, Normalization norm, Normalization testNorm) {
    /**
     * @param config the run's settings
     * @param data the dataset they name
     * @return the run's splits and normalization
     */
    public static RunSplits of(StudyConfig config, Dataset data) {
        ImageSet all = config.trainLimit() > 0 ? data.train().head(config.trainLimit()) : data.train();
        Split split = Split.holdOut(all, config.validationFraction(), config.splitSeed());
        Normalization norm = Normalization.of(split.train());
        return new RunSplits(split, data.test(), norm, config.legacyNotebookLoss() ? Normalization.IMAGENET : norm);
    }
}
