package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Similarity-preserving knowledge distillation of Tung and Mori, "Similarity-Preserving Knowledge
 * Distillation" (ICCV 2019): the student must reproduce the teacher's batch similarity matrix.
 * With activations {@code A} of a layer reshaped to {@code (N, ·)},
 *
 * <pre>
 *   G = row_L2_normalize(A · Aᵀ)                       (N × N)
 *   L_SP = (1 / N²) · ‖G_s − G_t‖²_F
 * </pre>
 *
 * Student and teacher may have any widths: only the N × N matrices are compared.
 *
 * @param studentFeature the student's feature map
 * @param teacherFeature the teacher's feature map
 */
public record SimilarityPreserving(String studentFeature, String teacherFeature) implements BatchRelation {
    /**
     * @param s student activations {@code (N, …)}
     * @param t teacher activations {@code (N, …)}, no gradient
     * @return the scalar loss
     */
    @Override
    public Tensor of(Tensor s, Tensor t) {
        long n = s.size(0);
        Tensor diff = similarity(s).sub(similarity(t));
        return diff.square().sum().div(scalar((double) n * n));
    }

    private static Tensor similarity(Tensor a) {
        Tensor flat = a.reshape(a.size(0), -1);
        return torch.normalize(flat.matmul(flat.t()));
    }
}
