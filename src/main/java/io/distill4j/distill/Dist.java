package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import io.distill4j.model.ModelOutput;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * DIST of Huang, You, Wang, Qian and Xu, "Knowledge Distillation from A Stronger Teacher" (NeurIPS
 * 2022). Instead of matching the softened probabilities exactly (KL), the student matches their
 * relations: each image's probabilities over the classes (inter-class) and each class's
 * probabilities over the batch (intra-class), by Pearson correlation, which ignores shifts and
 * scales and so leaves room for a much stronger teacher:
 *
 * <pre>
 *   Y^s = softmax(z^s / T),  Y^t = softmax(z^t / T)               (N × C)
 *   ρ(u, v) = Σ_k (u_k − ū)(v_k − v̄) / (‖u − ū‖ · ‖v − v̄‖ + ε),   ε = 1e-8
 *   L_inter = T² · (1 − (1/N) Σ_i ρ(Y^s_i·, Y^t_i·))                rows: images
 *   L_intra = T² · (1 − (1/C) Σ_c ρ(Y^s_·c, Y^t_·c))                columns: classes
 *   L_DIST  = β · L_inter + γ · L_intra
 * </pre>
 *
 * Defaults β = γ = 2 and T = 4, the paper's CIFAR-100 setting; the label loss is added by the caller.
 * The intra-class term relates the images of a batch to one another ({@link #batchRelational()}).
 *
 * @param interWeight β
 * @param intraWeight γ
 * @param temperature T, positive
 */
public record Dist(double interWeight, double intraWeight, double temperature) implements Objective {
    private static final double EPS = 1e-8;

    /** Checks the settings. */
    public Dist {
        new HintonKd(temperature);
        if (!(interWeight >= 0) || !(intraWeight >= 0) || Double.isInfinite(interWeight) || Double.isInfinite(intraWeight)) {
            throw new IllegalArgumentException("DIST weights " + interWeight + ", " + intraWeight + " must be finite, ≥ 0");
        }
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        return of(student.logits(), teacher.logits());
    }

    /**
     * @param s student logits {@code (N, C)}
     * @param t teacher logits {@code (N, C)}, no gradient
     * @return {@code β · L_inter + γ · L_intra}
     */
    public Tensor of(Tensor s, Tensor t) {
        double invT = 1 / temperature;
        Tensor ys = s.mul(scalar(invT)).softmax(1);
        Tensor yt = t.mul(scalar(invT)).softmax(1);
        double t2 = temperature * temperature;
        Tensor inter = oneMinusMeanPearson(ys, yt).mul(scalar(interWeight * t2));
        Tensor intra = oneMinusMeanPearson(ys.t(), yt.t()).mul(scalar(intraWeight * t2));
        return inter.add(intra);
    }

    /** {@code 1 − mean over rows of ρ(a_i, b_i)}. */
    static Tensor oneMinusMeanPearson(Tensor a, Tensor b) {
        Tensor ca = a.sub(a.mean(new long[] {1}, true, new ScalarTypeOptional()));
        Tensor cb = b.sub(b.mean(new long[] {1}, true, new ScalarTypeOptional()));
        Tensor dot = ca.mul(cb).sum(1);
        Tensor norms = rowNorms(ca).mul(rowNorms(cb)).add(scalar(EPS));
        return dot.div(norms).mean().neg().add(scalar(1));
    }

    private static Tensor rowNorms(Tensor x) {
        return torch.linalg_vector_norm(x, scalar(2), new long[] {1}, false, new ScalarTypeOptional());
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }

    @Override
    public boolean batchRelational() {
        return true;
    }
}
