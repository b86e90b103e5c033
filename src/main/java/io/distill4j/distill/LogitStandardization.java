package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import io.distill4j.model.ModelOutput;
import java.util.Set;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * Logit standardization of Sun, Ren, Li, Wang and Cao, "Logit Standardization in Knowledge
 * Distillation" (CVPR 2024), applied to a logit-based distillation term: student and teacher
 * logits are each z-scored per image before the term sees them, so that the student matches the
 * teacher's logit relations rather than their range and spread:
 *
 * <pre>
 *   Z(z) = (z − mean_c z) / (std_c z + 10⁻⁷)        per image, over the C classes (unbiased std)
 *   L_term+ls(s, t) = L_term(Z(s), Z(t))
 * </pre>
 *
 * With Hinton's term this is the paper's KD + LS: {@code ce-weight · CE(s, y) + kd-weight · T² ·
 * KL(softmax(Z(t)/T) ‖ softmax(Z(s)/T))}, CIFAR-100 defaults 0.1, 9 and T = 2. The label loss is
 * never standardized: it is a separate term of the caller's.
 *
 * @param term the logit-based distillation term (Hinton's KD, DKD, DIST), fed standardized logits
 */
public record LogitStandardization(Objective term) implements Objective {
    private static final double EPS = 1e-7;

    /**
     * @param logits {@code (N, C)}
     * @return each row z-scored: {@code (z − mean) / (std + 10⁻⁷)}, the standard deviation unbiased
     */
    public static Tensor zscore(Tensor logits) {
        Tensor mean = logits.mean(new long[] {1}, true, new ScalarTypeOptional());
        Tensor std = logits.std(new long[] {1}, true, true);
        return logits.sub(mean).div(std.add(scalar(EPS)));
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        return term.loss(standardized(student), labels, standardized(teacher), epoch);
    }

    private static ModelOutput standardized(ModelOutput out) {
        return new ModelOutput(zscore(out.logits()), out.features());
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }

    @Override
    public boolean batchRelational() {
        return term.batchRelational();
    }

    @Override
    public Set<String> studentFeatures() {
        return term.studentFeatures();
    }

    @Override
    public Set<String> teacherFeatures() {
        return term.teacherFeatures();
    }
}
