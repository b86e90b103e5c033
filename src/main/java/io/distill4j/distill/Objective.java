package io.distill4j.distill;

import ai.djl.ndarray.NDArray;

/**
 * A student's training objective: a scalar loss from the student's logits, the labels and, when
 * {@link #needsTeacher()}, the teacher's logits on the same batch.
 */
public interface Objective {
    /**
     * @param studentLogits {@code (N, C)} logits of the student, recorded for gradients
     * @param labels {@code (N)} int64 class indices
     * @param teacherLogits {@code (N, C)} teacher logits without gradient, or {@code null} when
     *     {@link #needsTeacher()} is false
     * @return the scalar mean loss over the batch
     */
    NDArray loss(NDArray studentLogits, NDArray labels, NDArray teacherLogits);

    /** @return whether {@link #loss} reads the teacher's logits */
    boolean needsTeacher();
}
