package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import io.distill4j.model.ModelOutput;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Decoupled knowledge distillation of Zhao, Cui, Song, Qiu and Liang, "Decoupled Knowledge
 * Distillation" (CVPR 2022). Hinton's KD splits into a target-class term (TCKD, binary
 * probabilities of the true class against the rest) and a non-target term (NCKD, the distribution
 * among the other classes), weighted independently:
 *
 * <pre>
 *   b = (p_y, 1 − p_y),  p = softmax(z / T)
 *   p̂ = softmax over classes c ≠ y of z_c / T
 *   TCKD = T² · (1/N) Σ_i KL(b^t ‖ b^s),   NCKD = T² · (1/N) Σ_i KL(p̂^t ‖ p̂^s)
 *   L_DKD = min(epoch / warm-up, 1) · (a · TCKD + b · NCKD)
 * </pre>
 *
 * Defaults a = 1, b = 8, T = 4 as in the authors' CIFAR configuration; their 20-of-240-epoch
 * warm-up is scaled to the study's length by the caller.
 *
 * @param targetWeight a
 * @param nonTargetWeight b
 * @param temperature T, positive
 * @param warmupEpochs epochs over which the weight ramps linearly from 0 to 1, non-negative
 */
public record Dkd(double targetWeight, double nonTargetWeight, double temperature, double warmupEpochs)
        implements Objective {
    private static final float MASK = 1000f;
    private static final float EPS = 1e-12f;

    /** Checks the settings. */
    public Dkd {
        new HintonKd(temperature);
        if (!(warmupEpochs >= 0)) {
            throw new IllegalArgumentException("DKD warm-up " + warmupEpochs + " must be non-negative");
        }
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        double ramp = Objective.warmUp(epoch, warmupEpochs);
        return of(student.logits(), teacher.logits(), labels).mul(scalar(ramp));
    }

    /**
     * @param s student logits {@code (N, C)}
     * @param t teacher logits {@code (N, C)}, no gradient
     * @param labels {@code (N)} int64 class indices
     * @return {@code a · TCKD + b · NCKD}, without the warm-up factor
     */
    public Tensor of(Tensor s, Tensor t, Tensor labels) {
        double invT = 1 / temperature;
        double t2 = temperature * temperature;
        Tensor target = torch.one_hot(labels, s.size(1)).to(s.scalar_type());
        Tensor zs = s.mul(scalar(invT));
        Tensor zt = t.mul(scalar(invT));
        Tensor tckd = klRows(binary(zt.softmax(1), target), binary(zs.softmax(1), target));
        Tensor masked = target.mul(scalar(MASK));
        Tensor logPt = zt.sub(masked).log_softmax(1);
        Tensor logPs = zs.sub(masked).log_softmax(1);
        Tensor nckd = logPt.exp().mul(logPt.sub(logPs)).sum(1).mean();
        return tckd.mul(scalar(targetWeight * t2)).add(nckd.mul(scalar(nonTargetWeight * t2)));
    }

    /** {@code (N, 2)}: the probability of the true class and of all others together. */
    private static Tensor binary(Tensor p, Tensor target) {
        Tensor pTarget = p.mul(target).sum(new long[] {1}, true, new ScalarTypeOptional());
        Tensor pOther = p.mul(torch.ones_like(target).sub(target)).sum(new long[] {1}, true, new ScalarTypeOptional());
        return torch.cat(new TensorVector(pTarget, pOther), 1);
    }

    /** Mean over rows of KL(p ‖ q) for probability rows. */
    private static Tensor klRows(Tensor p, Tensor q) {
        return p.mul(p.clamp_min(scalar(EPS)).log().sub(q.clamp_min(scalar(EPS)).log())).sum(1).mean();
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }
}
