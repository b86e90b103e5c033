package io.distill4j.study;

import io.distill4j.settings.StudyConfig;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.data.SplitOptions;
import io.distill4j.data.TrainingSplits;

/**
 * The images a study run trains, validates and tests on, and how it normalizes them: derived from
 * its settings alone, so that {@code evaluate --run} sees exactly what the run saw.
 */
final class RunSplits {
    private RunSplits() {}

    /**
     * @param config the run's settings: {@code --train-limit}, {@code --validation-fraction},
     *     {@code --split-seed}, and {@code --legacy-notebook-loss}, under which the test set is
     *     normalized with ImageNet's statistics, as the original notebook did
     * @param data the dataset they name
     * @return the run's splits and normalization
     */
    static TrainingSplits of(StudyConfig config, Dataset data) {
        TrainingSplits splits = TrainingSplits.of(data,
                new SplitOptions(config.trainLimit(), config.validationFraction(), config.splitSeed()));
        return config.legacyNotebookLoss() ? splits.withTestNormalization(Normalization.IMAGENET) : splits;
    }
}
