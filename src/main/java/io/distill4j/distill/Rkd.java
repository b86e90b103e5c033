package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Relational knowledge distillation of Park, Kim, Lu and Cho, "Relational Knowledge Distillation"
 * (CVPR 2019): the student's embeddings must keep the teacher's pairwise distances and triplet
 * angles. With embeddings {@code e_i} of a batch and Huber (smooth-L1) loss ℓ,
 *
 * <pre>
 *   ψ_D(i, j)    = ‖e_i − e_j‖₂ / μ,   μ = mean of ‖e_i − e_j‖₂ over pairs i ≠ j
 *   ψ_A(i, j, k) = ⟨ (e_i − e_j)/‖e_i − e_j‖₂ , (e_k − e_j)/‖e_k − e_j‖₂ ⟩
 *   L_RKD = w_D · mean_{i,j} ℓ(ψ_D^s, ψ_D^t) + w_A · mean_{i,j,k} ℓ(ψ_A^s, ψ_A^t)
 *   ℓ(x, y) = ½ (x − y)²  if |x − y| &lt; 1,  |x − y| − ½ otherwise
 * </pre>
 *
 * The means run over all N² pairs and N³ triplets of the batch, as in the authors' code; the
 * weights default to 25 and 50, the values of the public reference implementations.
 *
 * @param distanceWeight w_D
 * @param angleWeight w_A
 * @param studentFeature the student's embedding feature
 * @param teacherFeature the teacher's embedding feature
 */
public record Rkd(double distanceWeight, double angleWeight, String studentFeature, String teacherFeature)
        implements BatchRelation {
    private static final float EPS = 1e-12f;

    /**
     * @param s student embeddings {@code (N, D_s)}
     * @param t teacher embeddings {@code (N, D_t)}, no gradient
     * @return the scalar loss
     */
    @Override
    public Tensor of(Tensor s, Tensor t) {
        Tensor es = s.reshape(s.size(0), -1);
        Tensor et = t.reshape(t.size(0), -1);
        Tensor distance = smoothL1(normalizedDistances(es), normalizedDistances(et));
        Tensor angle = smoothL1(angles(es), angles(et));
        return distance.mul(scalar(distanceWeight)).add(angle.mul(scalar(angleWeight)));
    }

    /** Pairwise Euclidean distances, zero on the diagonal, divided by their mean over i ≠ j. */
    static Tensor normalizedDistances(Tensor e) {
        Tensor d = distances(e.matmul(e.t())).mul(offDiagonal(e));
        Tensor positive = d.gt(scalar(0)).sum().to(d.scalar_type());
        return d.div(d.sum().div(positive.clamp_min(scalar(1))));
    }

    /**
     * Cosines of the angles at every e_a between e_b and e_c, flattened to {@code (N³)}; zero where
     * b = a or c = a. Computed from the Gram matrix G = E·Eᵀ, since
     * ⟨e_b − e_a, e_c − e_a⟩ = G_bc − G_ab − G_ac + G_aa and ‖e_b − e_a‖² = G_aa + G_bb − 2 G_ab:
     * O(N²·D + N³) instead of normalizing N² difference vectors of length D.
     */
    static Tensor angles(Tensor e) {
        Tensor gram = e.matmul(e.t());
        long n = gram.size(0);
        Tensor diagonal = gram.diagonal().reshape(n, 1, 1);
        Tensor dot = gram.unsqueeze(0).sub(gram.unsqueeze(2)).sub(gram.unsqueeze(1)).add(diagonal);
        Tensor d = distances(gram);
        Tensor off = offDiagonal(e);
        Tensor mask = off.unsqueeze(2).mul(off.unsqueeze(1));
        return dot.div(d.unsqueeze(2).mul(d.unsqueeze(1))).mul(mask).reshape(-1);
    }

    /** Euclidean distances from a Gram matrix, clamped away from zero for a finite gradient. */
    private static Tensor distances(Tensor gram) {
        long n = gram.size(0);
        Tensor squares = gram.diagonal();
        return squares.reshape(n, 1).add(squares.reshape(1, n)).sub(gram.mul(scalar(2))).clamp_min(scalar(EPS)).sqrt();
    }

    private static Tensor offDiagonal(Tensor e) {
        long n = e.size(0);
        return torch.ones(new long[] {n, n}, e.options()).sub(torch.eye(n, e.options()));
    }

    /** Mean Huber loss with threshold 1, ½·min(d, 1)² + (d − min(d, 1)), d = |x − y|: libtorch's {@code smooth_l1_loss}. */
    static Tensor smoothL1(Tensor x, Tensor y) {
        return torch.smooth_l1_loss(x, y);
    }
}
