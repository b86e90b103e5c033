package io.distill4j.train;

import java.util.List;

/**
 * Receives the training loop's events; progress bars, CSV files and charts are listeners, the loop
 * itself prints nothing. All methods default to doing nothing.
 */
public interface TrainingListener {
    /**
     * A training phase starts (the teacher, or a group of students trained in one pass).
     *
     * @param phase phase name, e.g. {@code teacher} or {@code students}
     * @param models run names of the models trained in this phase
     * @param epochs number of epochs
     * @param batchesPerEpoch training batches per epoch
     */
    default void onPhaseStart(String phase, List<String> models, int epochs, int batchesPerEpoch) {}

    /**
     * A training batch finished for every model of the phase.
     *
     * @param epoch 1-based epoch
     * @param batch 1-based batch within the epoch
     * @param images images in this batch
     */
    default void onBatch(int epoch, int batch, int images) {}

    /** @param metrics one model's figures for a finished epoch */
    default void onEpoch(EpochMetrics metrics) {}

    /**
     * Every model of the phase finished an epoch and its metrics were reported: the moment to
     * checkpoint.
     *
     * @param phase phase name
     * @param epoch the 1-based epoch just finished
     * @param learners the models, with weights and optimizer state as of the epoch's end
     */
    default void onEpochEnd(String phase, int epoch, List<Learner> learners) {}

    /** @param phase the phase that ended */
    default void onPhaseEnd(String phase) {}
}
