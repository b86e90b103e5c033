package io.distill4j.distill;

import io.distill4j.model.ModelOutput;
import java.util.Set;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A student's training objective: a scalar loss from the student's forward pass, the labels and,
 * when {@link #needsTeacher()}, the teacher's forward pass on the same batch. Methods that compare
 * intermediate features name them in {@link #studentFeatures()} and {@link #teacherFeatures()}; the
 * training loop keeps exactly those.
 */
public interface Objective {
    /**
     * @param student the student's logits and requested features, recorded for gradients
     * @param labels {@code (N)} int64 class indices
     * @param teacher the teacher's logits and requested features without gradient, or {@code null}
     *     when {@link #needsTeacher()} is false
     * @param epoch training progress in epochs (0 at the first step, 1.5 halfway through epoch 2)
     * @return the scalar mean loss over the batch
     */
    Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch);

    /**
     * The loss of a training batch whose images are also known by their indices in the training
     * split. Objectives that keep state per training image (CRD's memory banks) read them; the
     * others ignore them.
     *
     * @param student the student's logits and requested features
     * @param labels {@code (N)} int64 class indices
     * @param samples {@code (N)} int64 indices of the batch's images in the training split, or
     *     {@code null} where they are unknown
     * @param teacher the teacher's logits and requested features, or {@code null}
     * @param epoch training progress in epochs
     * @return the scalar mean loss over the batch
     */
    default Tensor loss(ModelOutput student, Tensor labels, Tensor samples, ModelOutput teacher, double epoch) {
        return loss(student, labels, teacher, epoch);
    }

    /** @return whether {@link #loss} reads the teacher's outputs */
    boolean needsTeacher();

    /** @return the student features {@link #loss} reads */
    default Set<String> studentFeatures() {
        return Set.of();
    }

    /** @return the teacher features {@link #loss} reads */
    default Set<String> teacherFeatures() {
        return Set.of();
    }

    /**
     * @return whether the loss relates the samples of a batch to one another (RKD's distances and
     *     angles, SP's similarity matrix), so that the mean of its values on parts of a batch is
     *     another loss than its value on the whole batch; data-parallel training then computes it
     *     once, on the outputs of all devices gathered
     */
    default boolean batchRelational() {
        return false;
    }

    /**
     * @return true for an objective that keeps a state of every training image, updated with each
     *     batch's images (CRD's memory banks): it cannot be trained by processes that each see a shard
     */
    default boolean keepsImageState() {
        return false;
    }

    /**
     * @return parameters the objective itself trains alongside the student (e.g. FitNets'
     *     regressor), or {@code null} for none
     */
    default Module trainable() {
        return null;
    }

    /**
     * @param epoch training progress in epochs
     * @param warmupEpochs epochs over which a term's weight rises linearly from 0; 0 for none
     * @return {@code min(epoch / warmupEpochs, 1)}, or 1 without a warm-up
     */
    static double warmUp(double epoch, double warmupEpochs) {
        return warmupEpochs == 0 ? 1 : Math.min(epoch / warmupEpochs, 1);
    }
}
