package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import io.distill4j.BadInputException;
import io.distill4j.model.ModelOutput;
import org.bytedeco.pytorch.Tensor;

/**
 * The study's objective, a blend of the label loss and Hinton's response-based distillation loss
 * (Hinton et al., 2015):
 *
 * <pre>
 *   L = α · CE(s, y) + (1 − α) · T² · KL( softmax(t/T) ‖ softmax(s/T) )
 * </pre>
 *
 * α = 1 learns from labels only and never needs the teacher; α = 0 learns from the teacher only.
 *
 * @param alpha weight of the label term, in [0, 1]
 * @param kd the distillation term and its temperature
 */
public record ResponseKd(double alpha, HintonKd kd) implements Objective {
    /** Checks α. */
    public ResponseKd {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new BadInputException("alpha " + alpha + " is outside [0, 1]: use e.g. 1, 0 or 0.5");
        }
    }

    /**
     * @param alpha weight of the label term, in [0, 1]
     * @param temperature softening temperature, positive
     * @return the objective
     */
    public static ResponseKd of(double alpha, double temperature) {
        return new ResponseKd(alpha, new HintonKd(temperature));
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        return of(student.logits(), labels, teacher == null ? null : teacher.logits());
    }

    /**
     * @param studentLogits {@code (N, C)}
     * @param labels {@code (N)} int64 class indices
     * @param teacherLogits {@code (N, C)}, {@code null} when α = 1
     * @return the scalar loss
     */
    public Tensor of(Tensor studentLogits, Tensor labels, Tensor teacherLogits) {
        if (alpha == 1) {
            return CrossEntropy.of(studentLogits, labels);
        }
        Tensor soft = kd.of(studentLogits, teacherLogits);
        if (alpha == 0) {
            return soft;
        }
        return CrossEntropy.of(studentLogits, labels).mul(scalar(alpha)).add(soft.mul(scalar(1 - alpha)));
    }

    @Override
    public boolean needsTeacher() {
        return alpha < 1;
    }

}
