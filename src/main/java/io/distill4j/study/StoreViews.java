package io.distill4j.study;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.TrainingSplits;
import io.distill4j.settings.StudyConfig;
import io.distill4j.store.StoreManifest;
import io.distill4j.store.TeacherStore;
import java.util.ArrayList;
import java.util.List;

/** The training views a study's students see, as a teacher-output store records them. */
final class StoreViews {
    private StoreViews() {}

    /**
     * @param config the run's settings
     * @param data its dataset
     * @param splits its splits and normalization
     * @return the views of its students phases: every setting that decides their images (the
     *     training split's, or the unlabelled ones'), order and augmentation, its seeds and its student epochs
     */
    static StoreManifest.Views of(StudyConfig config, Dataset data, TrainingSplits splits) {
        List<Long> seeds = new ArrayList<>();
        for (int k = 0; k < config.seeds(); k++) {
            seeds.add(config.seed() + k);
        }
        return new StoreManifest.Views(config.dataset(), data.fingerprint(), data.classNames(), data.imageSide(),
                config.trainLimit(), config.validationFraction(), config.splitSeed(), splits.studentTrain().size(),
                floats(splits.norm().mean()), floats(splits.norm().std()), config.batchSize(), config.augment(),
                seeds, config.studentEpochs(), data.unlabelled() == null ? null : data.unlabelled().fingerprint());
    }

    /**
     * @param config settings with {@code --teacher-outputs}
     * @param data the run's dataset
     * @param splits its splits
     * @return the store, checked to hold this run's views
     * @throws BadInputException naming the first difference
     */
    static TeacherStore open(StudyConfig config, Dataset data, TrainingSplits splits) {
        TeacherStore store = TeacherStore.open(config.teacherOutputs());
        store.manifest().requireCovers(store.path(), of(config, data, splits));
        java.nio.file.Path teacher = config.teacherWeights() != null ? config.teacherWeights() : config.teacherTorchScript();
        if (teacher != null) {
            store.requireTeacher(teacher);
        }
        store.verify(of(config, data, splits).seeds(), config.studentEpochs());
        return store;
    }

    /**
     * @param store a store
     * @return the teacher's scores recorded when the store was built
     * @throws BadInputException if the store lacks them
     */
    static ScoredTeacher scoredTeacher(TeacherStore store) {
        java.nio.file.Path dir = store.path().resolve(TeacherStore.TEACHER);
        ScoredTeacher scored = java.nio.file.Files.isDirectory(dir) ? ScoredTeacher.read(dir) : null;
        if (scored == null) {
            throw new BadInputException("store " + store.path() + " lacks the teacher's scores (" + dir
                    + "): build the store again with `distill teacher-outputs`");
        }
        return scored;
    }

    private static List<Float> floats(float[] values) {
        List<Float> out = new ArrayList<>();
        for (float v : values) {
            out.add(v);
        }
        return out;
    }
}
