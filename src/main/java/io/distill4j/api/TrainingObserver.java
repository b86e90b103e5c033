package io.distill4j.api;

import java.util.List;

/**
 * Receives the events of {@link Teachers#train} and {@link Students#distill}: a phase starts, each
 * training batch, each finished epoch's {@link EpochReport}, the phase ends. Every method does
 * nothing unless overridden; all are called on the training thread, so keep them short.
 */
public interface TrainingObserver {
    /**
     * Training starts.
     *
     * @param phase the phase's name, e.g. {@code teacher} or {@code student-kd}
     * @param models the names of the models it trains
     * @param epochs the number of epochs
     * @param batchesPerEpoch training batches per epoch
     */
    default void phaseStarted(String phase, List<String> models, int epochs, int batchesPerEpoch) {}

    /**
     * A training batch finished.
     *
     * @param epoch 1-based epoch
     * @param batch 1-based batch within the epoch
     * @param images images in this batch
     */
    default void batchFinished(int epoch, int batch, int images) {}

    /** @param report one model's figures for the epoch that just finished, validation included */
    default void epochFinished(EpochReport report) {}

    /** @param phase the phase that ended */
    default void phaseFinished(String phase) {}
}
