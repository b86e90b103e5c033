package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import io.distill4j.BadInputException;
import io.distill4j.model.ModelOutput;
import org.bytedeco.pytorch.Tensor;

/**
 * The original notebook's flawed objective, kept only to reproduce its figures
 * ({@code --legacy-notebook-loss}); never a default:
 *
 * <pre>
 *   L = α · CE(softmax(s), y) + (1 − α) · ( −(1/N) Σ_i Σ_c softmax(t_i)_c · log softmax(s_i)_c )
 * </pre>
 *
 * The label term applies softmax to the logits before the cross-entropy, which applies it again
 * (a "double softmax": its inputs lie in [0, 1], so the loss cannot fall below
 * ln(1 + (C − 1)/e) and its gradients shrink), and the soft term is the cross-entropy against the
 * teacher's softmax at T = 1 (Hinton's KD without its temperature or T² factor).
 *
 * @param alpha weight of the label term, in [0, 1]
 */
public record NotebookLoss(double alpha) implements Objective {
    /** Checks α. */
    public NotebookLoss {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new BadInputException("alpha " + alpha + " is outside [0, 1]: use e.g. 1, 0 or 0.5");
        }
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        return of(student.logits(), labels, teacher == null ? null : teacher.logits());
    }

    /**
     * @param s student logits {@code (N, C)}
     * @param labels {@code (N)} int64 class indices
     * @param t teacher logits {@code (N, C)}, {@code null} when α = 1
     * @return the scalar loss
     */
    public Tensor of(Tensor s, Tensor labels, Tensor t) {
        Tensor hard = CrossEntropy.of(s.softmax(1), labels);
        if (alpha == 1) {
            return hard;
        }
        Tensor soft = t.softmax(1).mul(s.log_softmax(1)).sum(1).mean().neg();
        return alpha == 0 ? soft : hard.mul(scalar(alpha)).add(soft.mul(scalar(1 - alpha)));
    }

    @Override
    public boolean needsTeacher() {
        return alpha < 1;
    }
}
