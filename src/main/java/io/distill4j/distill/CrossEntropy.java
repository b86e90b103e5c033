package io.distill4j.distill;

import ai.djl.ndarray.NDArray;
import io.distill4j.model.ModelOutput;

/**
 * Cross-entropy against hard labels: {@code CE(z, y) = −(1/N) Σ_i log softmax(z_i)[y_i]}, computed
 * with libtorch's log-softmax (numerically stable, no softmax applied beforehand).
 */
public final class CrossEntropy implements Objective {
    /** The shared instance; the loss has no settings. */
    public static final CrossEntropy INSTANCE = new CrossEntropy();

    private CrossEntropy() {}

    /**
     * @param logits {@code (N, C)} logits
     * @param labels {@code (N)} int64 class indices
     * @return the scalar mean cross-entropy
     */
    public static NDArray of(NDArray logits, NDArray labels) {
        NDArray index = labels.reshape(-1, 1);
        return logits.logSoftmax(1).gather(index, 1).mean().neg();
    }

    @Override
    public NDArray loss(ModelOutput student, NDArray labels, ModelOutput teacher, double epoch) {
        return of(student.logits(), labels);
    }

    @Override
    public boolean needsTeacher() {
        return false;
    }
}
