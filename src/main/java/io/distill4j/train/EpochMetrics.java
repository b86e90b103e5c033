package io.distill4j.train;

/**
 * What one model achieved in one training epoch; one row of {@code metrics.csv}.
 *
 * @param model the run name of the model, e.g. {@code teacher} or {@code student-a0.5}
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch's batches (the model's own objective)
 * @param valLoss mean cross-entropy against the labels on the validation split
 * @param valAcc top-1 accuracy on the validation split, in [0, 1]
 * @param lr learning rate at the end of the epoch
 * @param seconds wall time of the epoch, validation included
 */
public record EpochMetrics(
        String model, int epoch, double trainLoss, double valLoss, double valAcc, double lr,
        double seconds) {}
