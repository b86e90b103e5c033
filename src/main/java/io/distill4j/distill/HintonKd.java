package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import io.distill4j.BadInputException;
import org.bytedeco.pytorch.Tensor;

/**
 * Response-based distillation loss of Hinton, Vinyals and Dean, "Distilling the Knowledge in a
 * Neural Network" (NIPS Deep Learning Workshop, 2015):
 *
 * <pre>
 *   KD(s, t) = T² · (1/N) Σ_i KL( softmax(t_i / T) ‖ softmax(s_i / T) )
 *            = T² · (1/N) Σ_i Σ_c p_ic (log p_ic − log q_ic),   p = softmax(t/T), q = softmax(s/T)
 * </pre>
 *
 * The factor T² keeps the gradient's magnitude comparable across temperatures (§2 of the paper).
 * Shapes: student and teacher logits {@code (N, C)}; the result is a scalar.
 *
 * @param temperature softening temperature T, positive
 */
public record HintonKd(double temperature) {
    /** Checks the temperature. */
    public HintonKd {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new BadInputException(
                    "temperature " + temperature + " is invalid: it must be a positive number, e.g. 4");
        }
    }

    /**
     * @param studentLogits {@code (N, C)}
     * @param teacherLogits {@code (N, C)}, no gradient
     * @return the scalar loss
     */
    public Tensor of(Tensor studentLogits, Tensor teacherLogits) {
        double invT = 1 / temperature;
        Tensor logQ = studentLogits.mul(scalar(invT)).log_softmax(1);
        Tensor logP = teacherLogits.mul(scalar(invT)).log_softmax(1);
        Tensor p = logP.exp();
        return p.mul(logP.sub(logQ)).sum(1).mean().mul(scalar(temperature * temperature));
    }
}
