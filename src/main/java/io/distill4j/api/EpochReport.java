package io.distill4j.api;

/**
 * What one model achieved in one training epoch, as {@link TrainingObserver#epochFinished} receives it.
 *
 * @param model the model's name in this training, e.g. {@code teacher} or {@code student-kd}
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch's batches (the model's own objective)
 * @param validationLoss mean cross-entropy against the labels on the validation split
 * @param validationAccuracy top-1 accuracy on the validation split, in [0, 1]
 * @param learningRate the learning rate at the end of the epoch
 * @param seconds wall time of the epoch, validation included
 */
public record EpochReport(String model, int epoch, double trainLoss, double validationLoss, double validationAccuracy,
        double learningRate, double seconds) {}
