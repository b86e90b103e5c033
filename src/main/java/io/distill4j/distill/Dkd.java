package io.distill4j.distill;

import ai.djl.ndarray.NDArray;
import io.distill4j.model.ModelOutput;

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
    public NDArray loss(ModelOutput student, NDArray labels, ModelOutput teacher, double epoch) {
        double ramp = warmupEpochs == 0 ? 1 : Math.min(epoch / warmupEpochs, 1);
        return of(student.logits(), teacher.logits(), labels).mul((float) ramp);
    }

    /**
     * @param s student logits {@code (N, C)}
     * @param t teacher logits {@code (N, C)}, no gradient
     * @param labels {@code (N)} int64 class indices
     * @return {@code a · TCKD + b · NCKD}, without the warm-up factor
     */
    public NDArray of(NDArray s, NDArray t, NDArray labels) {
        float invT = (float) (1 / temperature);
        float t2 = (float) (temperature * temperature);
        NDArray target = labels.oneHot((int) s.getShape().get(1)).toType(s.getDataType(), false);
        NDArray zs = s.mul(invT);
        NDArray zt = t.mul(invT);
        NDArray tckd = klRows(binary(zt.softmax(1), target), binary(zs.softmax(1), target));
        NDArray masked = target.mul(MASK);
        NDArray logPt = zt.sub(masked).logSoftmax(1);
        NDArray logPs = zs.sub(masked).logSoftmax(1);
        NDArray nckd = logPt.exp().mul(logPt.sub(logPs)).sum(new int[] {1}).mean();
        return tckd.mul((float) targetWeight * t2).add(nckd.mul((float) nonTargetWeight * t2));
    }

    /** {@code (N, 2)}: the probability of the true class and of all others together. */
    private static NDArray binary(NDArray p, NDArray target) {
        NDArray pTarget = p.mul(target).sum(new int[] {1}, true);
        NDArray pOther = p.mul(target.neg().add(1f)).sum(new int[] {1}, true);
        return pTarget.concat(pOther, 1);
    }

    /** Mean over rows of KL(p ‖ q) for probability rows. */
    private static NDArray klRows(NDArray p, NDArray q) {
        return p.mul(p.maximum(EPS).log().sub(q.maximum(EPS).log())).sum(new int[] {1}).mean();
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }
}
