package io.distill4j.study;

import io.distill4j.data.Dataset;
import io.distill4j.data.TrainingSplits;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.Classifier;
import io.distill4j.settings.StudyConfig;
import io.distill4j.store.StoreManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a teacher-output store takes from the study protocol, so that its views are exactly the ones
 * a study with the same settings shows its students: the splits, the given teacher, the views
 * (seeds, epochs, order and augmentation settings), the evaluation batch, and the teacher's scores.
 */
public final class StoreSource {
    private final StudyConfig config;
    private final TrainingSplits splits;
    private final StudyModels models;
    private final StoreManifest.Views views;

    private StoreSource(StudyConfig config, Dataset data) {
        this.config = config;
        this.splits = RunSplits.of(config, data);
        this.models = new StudyModels(config, data, splits.norm());
        this.views = StoreViews.of(config, data, splits);
    }

    /**
     * @param config settings resolved for the teacher's device
     * @param data the dataset they name
     * @return the study side of a store build
     * @throws io.distill4j.BadInputException for settings without a usable teacher for this data
     */
    public static StoreSource of(StudyConfig config, Dataset data) {
        check(config, data);
        return new StoreSource(config, data);
    }

    /**
     * @throws io.distill4j.BadInputException for a teacher of other classes or another dataset,
     *     before anything is loaded
     */
    public static void check(StudyConfig config, Dataset data) {
        Study.checkTeacher(config, data);
    }

    /**
     * Scores the given teacher as a study's teacher phase does, into a new or empty run directory.
     *
     * @param dir the run directory of the scores
     * @throws IOException if they cannot be written
     */
    public static void scoreTeacher(StudyConfig config, Dataset data, Path dir, ComputeDevice device) throws IOException {
        try (RunDirectory scores = RunDirectory.create(dir)) {
            new Study(config, scores, List.of(), List.of(device)).runTeacher(data);
        }
    }

    /**
     * @param dir the run directory of a teacher's scores
     * @return whether {@link #scoreTeacher} finished there
     */
    public static boolean teacherScored(Path dir) {
        return java.nio.file.Files.isDirectory(dir) && ScoredTeacher.read(dir) != null;
    }

    /** @return the settings */
    public StudyConfig config() {
        return config;
    }

    /** @return the splits and their normalization */
    public TrainingSplits splits() {
        return splits;
    }

    /** @return the views the students phases see */
    public StoreManifest.Views views() {
        return views;
    }

    /** @return the given teacher, frozen, in the run's precision; the caller closes it */
    public Classifier teacher(ComputeDevice device) {
        return models.givenTeacher(device);
    }

    /** @return the batch the study scores the test set in */
    public int evaluationBatch() {
        return models.evaluationBatch();
    }
}
