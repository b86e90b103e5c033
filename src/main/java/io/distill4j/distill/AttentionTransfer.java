package io.distill4j.distill;

import io.distill4j.model.ModelOutput;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Attention transfer of Zagoruyko and Komodakis, "Paying More Attention to Attention" (ICLR 2017):
 * the student must reproduce the teacher's spatial attention maps at layers of equal resolution.
 * For activations {@code A} of shape {@code (N, C, H, W)},
 *
 * <pre>
 *   Q(A) = normalize_L2( (1/C) Σ_c A_c^p )   flattened to (N, H·W), p = 2
 *   L_AT = Σ_pairs mean( (Q(A_s) − Q(A_t))² )
 * </pre>
 *
 * as in the authors' code (mean over batch and positions; the paper's β absorbs the scale).
 *
 * @param pairs student feature → teacher feature of the same spatial size
 */
public record AttentionTransfer(List<Pair> pairs) implements Objective {
    /**
     * Two feature maps of the same height and width.
     *
     * @param student the student's feature
     * @param teacher the teacher's feature
     */
    public record Pair(String student, String teacher) {}

    /** Copies the pairs. */
    public AttentionTransfer {
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("attention transfer needs at least one pair of feature maps");
        }
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        Tensor sum = null;
        for (Pair p : pairs) {
            Tensor term = of(student.feature(p.student()), teacher.feature(p.teacher()));
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /**
     * @param s student activations {@code (N, C_s, H, W)}
     * @param t teacher activations {@code (N, C_t, H, W)}, no gradient
     * @return the mean squared difference of the two attention maps
     */
    public static Tensor of(Tensor s, Tensor t) {
        return torch.mse_loss(attention(s), attention(t));
    }

    static Tensor attention(Tensor a) {
        return torch.normalize(a.square().mean(1).reshape(a.size(0), -1));
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }

    @Override
    public Set<String> studentFeatures() {
        return pairs.stream().map(Pair::student).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Set<String> teacherFeatures() {
        return pairs.stream().map(Pair::teacher).collect(Collectors.toUnmodifiableSet());
    }
}
