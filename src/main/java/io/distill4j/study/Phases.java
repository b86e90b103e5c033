package io.distill4j.study;

import io.distill4j.settings.StudyConfig;
import io.distill4j.data.BatchSource;
import io.distill4j.train.Checkpointer;
import io.distill4j.train.DataParallel;
import io.distill4j.train.EpochMetrics;
import io.distill4j.train.Learner;
import io.distill4j.train.TeacherOutputs;
import io.distill4j.train.TrainingListener;
import io.distill4j.train.TrainingLoop;
import java.util.List;

/**
 * Trains a study's phases through the loop, resuming each from its checkpoint.
 *
 * @param config the settings
 * @param loop the loop, with the study's listeners
 * @param checkpoints where each phase's checkpoint is kept
 * @param replay listeners that get the epochs a restored checkpoint had already trained
 * @param teacherTrain the teacher's training batches (the labelled training split)
 * @param studentTrain the students' training batches (the training split, or the unlabelled images)
 * @param validation validation batches
 */
record Phases(StudyConfig config, TrainingLoop loop, Checkpointer checkpoints, List<TrainingListener> replay,
        BatchSource teacherTrain, BatchSource studentTrain, BatchSource validation) {
    /**
     * @param phase the phase's name (its checkpoint's)
     * @param learners the models it trains
     * @param teacher the teacher's outputs, or {@code null} if no learner needs them
     * @param train its training batches
     * @param epochs its epochs
     * @param seed its data seed
     * @return the timing of the epochs trained now, or null if the checkpoint had them all
     */
    TrainingLoop.PhaseTiming train(String phase, List<Learner> learners, TeacherOutputs teacher, BatchSource train,
            int epochs, long seed) {
        if (loop.cluster() != null) {
            // Rank 0 writes checkpoints; every process resumes from its copy.
            loop.cluster().share(checkpoints.file(phase));
        }
        Checkpointer.Restored restored = checkpoints.restore(phase, learners);
        Study.replicas(learners).forEach(DataParallel::sync);
        for (EpochMetrics m : restored.history()) {
            replay.forEach(l -> l.onEpoch(m));
        }
        if (restored.epochsDone() >= epochs) {
            return null;
        }
        TrainingLoop.Plan plan = new TrainingLoop.Plan(phase, epochs, restored.epochsDone() + 1, seed, config.augment(),
                teacher != null && config.legacyNotebookLoss());
        return loop.run(plan, learners, teacher, train, validation);
    }
}
