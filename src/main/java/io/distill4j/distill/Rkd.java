package io.distill4j.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.distill4j.model.ModelOutput;

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
        implements FeatureObjective {
    private static final float EPS = 1e-12f;

    /** Distances and angles relate the samples of a batch: the loss of a whole batch, never of its parts. */
    @Override
    public boolean batchRelational() {
        return true;
    }

    @Override
    public NDArray loss(ModelOutput student, NDArray labels, ModelOutput teacher, double epoch) {
        return of(student.feature(studentFeature), teacher.feature(teacherFeature));
    }

    /**
     * @param s student embeddings {@code (N, D_s)}
     * @param t teacher embeddings {@code (N, D_t)}, no gradient
     * @return the scalar loss
     */
    public NDArray of(NDArray s, NDArray t) {
        NDArray es = s.reshape(s.getShape().get(0), -1);
        NDArray et = t.reshape(t.getShape().get(0), -1);
        NDArray distance = smoothL1(normalizedDistances(es), normalizedDistances(et));
        NDArray angle = smoothL1(angles(es), angles(et));
        return distance.mul((float) distanceWeight).add(angle.mul((float) angleWeight));
    }

    /** Pairwise Euclidean distances, zero on the diagonal, divided by their mean over i ≠ j. */
    static NDArray normalizedDistances(NDArray e) {
        NDArray d = distances(e.matMul(e.transpose())).mul(offDiagonal(e));
        NDArray positive = d.gt(0f).sum().toType(DataType.FLOAT32, false);
        return d.div(d.sum().div(positive.maximum(1f)));
    }

    /**
     * Cosines of the angles at every e_a between e_b and e_c, flattened to {@code (N³)}; zero where
     * b = a or c = a. Computed from the Gram matrix G = E·Eᵀ, since
     * ⟨e_b − e_a, e_c − e_a⟩ = G_bc − G_ab − G_ac + G_aa and ‖e_b − e_a‖² = G_aa + G_bb − 2 G_ab:
     * O(N²·D + N³) instead of normalizing N² difference vectors of length D.
     */
    static NDArray angles(NDArray e) {
        NDArray gram = e.matMul(e.transpose());
        long n = gram.getShape().get(0);
        NDArray diagonal = gram.diagonal().reshape(n, 1, 1);
        NDArray dot = gram.expandDims(0).sub(gram.expandDims(2)).sub(gram.expandDims(1)).add(diagonal);
        NDArray d = distances(gram);
        NDArray off = offDiagonal(e);
        NDArray mask = off.expandDims(2).mul(off.expandDims(1));
        return dot.div(d.expandDims(2).mul(d.expandDims(1))).mul(mask).reshape(-1);
    }

    /** Euclidean distances from a Gram matrix, clamped away from zero for a finite gradient. */
    private static NDArray distances(NDArray gram) {
        long n = gram.getShape().get(0);
        NDArray squares = gram.diagonal();
        return squares.reshape(n, 1).add(squares.reshape(1, n)).sub(gram.mul(2f)).maximum(EPS).sqrt();
    }

    private static NDArray offDiagonal(NDArray e) {
        NDManager m = e.getManager();
        int n = (int) e.getShape().get(0);
        return m.ones(new Shape(n, n), e.getDataType()).sub(m.eye(n).toType(e.getDataType(), false));
    }

    /** Mean Huber loss with threshold 1: ½·min(d, 1)² + (d − min(d, 1)), d = |x − y|. */
    static NDArray smoothL1(NDArray x, NDArray y) {
        NDArray d = x.sub(y).abs();
        NDArray small = d.minimum(1f);
        return small.square().mul(0.5f).add(d.sub(small)).mean();
    }
}
