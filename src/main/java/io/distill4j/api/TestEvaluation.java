package io.distill4j.api;

import java.util.List;

/**
 * A model's closer look at the test set, as a study reports it.
 *
 * @param model the model's name
 * @param accuracy top-1 accuracy on the test set, in [0, 1]
 * @param classNames the classes, in label order
 * @param confusion test images by true class (rows) and predicted class (columns)
 * @param classAccuracy each class's accuracy, in label order
 * @param teacherAgreement share of test images on which the model's top-1 class is the teacher's, or
 *     {@code null} without a teacher
 * @param teacherKl mean KL(teacher ‖ model) of the softmax outputs at T = 1, in nats, or {@code null}
 *     without a teacher
 * @param calibrationError expected calibration error over the reliability bins
 * @param parameters trainable parameters
 * @param sizeMb size of the float32 weights, in MB (10^6 bytes)
 * @param macsPerImage multiply-accumulates of one forward pass per image
 * @param latencyMs median wall time of a single image's forward pass on this machine's CPU, in ms
 * @param imagesPerSecond median throughput of batched forward passes on the CPU
 */
public record TestEvaluation(String model, double accuracy, List<String> classNames, List<List<Long>> confusion,
        List<Double> classAccuracy, Double teacherAgreement, Double teacherKl, double calibrationError,
        long parameters, double sizeMb, long macsPerImage, double latencyMs, double imagesPerSecond) {
    /**
     * Copies the lists.
     *
     * @param model the model's name
     * @param accuracy top-1 accuracy on the test set, in [0, 1]
     * @param classNames the classes, in label order
     * @param confusion test images by true class (rows) and predicted class (columns)
     * @param classAccuracy each class's accuracy, in label order
     * @param teacherAgreement share of test images on which the model's top-1 class is the teacher's, or
     *     {@code null} without a teacher
     * @param teacherKl mean KL(teacher ‖ model) of the softmax outputs at T = 1, in nats, or {@code null}
     *     without a teacher
     * @param calibrationError expected calibration error over the reliability bins
     * @param parameters trainable parameters
     * @param sizeMb size of the float32 weights, in MB (10^6 bytes)
     * @param macsPerImage multiply-accumulates of one forward pass per image
     * @param latencyMs median wall time of a single image's forward pass on this machine's CPU, in ms
     * @param imagesPerSecond median throughput of batched forward passes on the CPU
     */
    public TestEvaluation {
        classNames = List.copyOf(classNames);
        confusion = confusion.stream().map(List::copyOf).toList();
        classAccuracy = List.copyOf(classAccuracy);
    }
}
