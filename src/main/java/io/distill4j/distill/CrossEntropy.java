package io.distill4j.distill;

import io.distill4j.model.ModelOutput;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Cross-entropy against hard labels: {@code CE(z, y) = −(1/N) Σ_i log softmax(z_i)[y_i]}, computed
 * by libtorch's {@code cross_entropy} (log-softmax and NLL, numerically stable).
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
    public static Tensor of(Tensor logits, Tensor labels) {
        return torch.cross_entropy(logits, labels);
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        return of(student.logits(), labels);
    }

    @Override
    public boolean needsTeacher() {
        return false;
    }
}
