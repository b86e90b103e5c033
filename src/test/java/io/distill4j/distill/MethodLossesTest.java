package io.distill4j.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.randn;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import io.distill4j.model.ModelOutput;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * Each method's loss on tiny inputs whose value is worked out by hand in the comments, and a
 * finite-difference check of the gradients libtorch computes for it.
 */
class MethodLossesTest {
    private static final double R2 = Math.sqrt(2);

    /** A float32 {@code (rows, columns)} tensor of {@code v}. */
    private static Tensor rows(double[][] v) {
        int cols = v[0].length;
        float[] flat = new float[v.length * cols];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < cols; j++) {
                flat[i * cols + j] = (float) v[i][j];
            }
        }
        return Tensors.floats(flat, v.length, cols);
    }

    private static Tensor label(long... y) {
        return Tensors.longs(y, y.length);
    }

    /**
     * Student points (0,0), (1,0), (0,1); teacher (0,0), (1,0), (1,1).
     * Distances: student 1, 1, √2 and teacher 1, √2, 1, both with mean μ = (2 + √2)/3 over pairs, so
     * two pairs differ by (√2 − 1)/μ, each counted twice among the 9 entries:
     * distance loss = 4 · ½ · ((√2 − 1)/μ)² / 9 = 0.0294372515.
     * Angles: the cosines differ by 1/√2 at (vertex 0: 1,2 and 2,1), (vertex 1: 0,2 and 2,0) and
     * agree elsewhere (vertex 2 has 1/√2 on both sides): angle loss = 4 · ½ · ½ / 27 = 1/27.
     */
    @Test
    void rkdMatchesHandComputedDistanceAndAngleTerms() {
        Tensor s = rows(new double[][] {{0, 0}, {1, 0}, {0, 1}});
        Tensor t = rows(new double[][] {{0, 0}, {1, 0}, {1, 1}});
        assertThat(new Rkd(1, 0, "e", "e").of(s, t).item_float()).isCloseTo(0.0294372515f, within(1e-6f));
        assertThat(new Rkd(0, 1, "e", "e").of(s, t).item_float()).isCloseTo(1f / 27, within(1e-6f));
        assertThat(new Rkd(25, 50, "e", "e").of(s, t).item_float())
                .isCloseTo((float) (25 * 0.0294372515 + 50.0 / 27), within(1e-5f));
    }

    /**
     * 1-D points 0, 1, 3 (mean distance 2: normalized 0.5, 1.5, 1) against 0, 2, 4 (mean 8/3:
     * 0.75, 1.5, 0.75): two pairs differ by 0.25, counted twice: 4 · ½ · 0.0625 / 9 = 1/72. Points
     * in the same order have identical angles (±1): no angle loss.
     */
    @Test
    void rkdIsScaleFreeAndOrderPreservingPointsHaveNoAngleLoss() {
        Tensor s = rows(new double[][] {{0}, {1}, {3}});
        Tensor t = rows(new double[][] {{0}, {2}, {4}});
        assertThat(new Rkd(1, 0, "e", "e").of(s, t).item_float()).isCloseTo(1f / 72, within(1e-6f));
        assertThat(new Rkd(0, 1, "e", "e").of(s, t).item_float()).isCloseTo(0f, within(1e-7f));
        assertThat(new Rkd(1, 1, "e", "e").of(s, s.mul(Tensors.scalar(7))).item_float()).isCloseTo(0f, within(1e-6f));
    }

    /**
     * Student rows (1,0), (1,1): A·Aᵀ = [[1,1],[1,2]], rows normalized to (1/√2, 1/√2) and
     * (1/√5, 2/√5). Teacher rows (1,0), (0,1): the identity. Loss = ((1 − 1/√2)² + ½ + ⅕ + (1 − 2/√5)²)/4.
     */
    @Test
    void similarityPreservingMatchesHandComputedValue() {
        double expected = (Math.pow(1 - 1 / R2, 2) + 0.5 + 0.2 + Math.pow(1 - 2 / Math.sqrt(5), 2)) / 4;
        float value = new SimilarityPreserving("f", "f").of(rows(new double[][] {{1, 0}, {1, 1}}), rows(new double[][] {{1, 0}, {0, 1}})).item_float();
        assertThat((double) value).isCloseTo(expected, within(1e-6));
    }

    /**
     * One image, 1×2 positions. Student channels [1, 0] and [1, 0]: mean of squares [1, 0],
     * normalized [1, 0]. Teacher channel [1, 1]: normalized [1/√2, 1/√2].
     * Loss = ((1 − 1/√2)² + ½)/2 = 1 − 1/√2.
     */
    @Test
    void attentionTransferMatchesHandComputedValue() {
        Tensor s = Tensors.floats(new float[] {1, 0, 1, 0}, 1, 2, 1, 2);
        Tensor t = Tensors.floats(new float[] {1, 1}, 1, 1, 1, 2);
        assertThat((double) AttentionTransfer.of(s, t).item_float()).isCloseTo(1 - 1 / R2, within(1e-6));
        AttentionTransfer at = new AttentionTransfer(List.of(new AttentionTransfer.Pair("a", "b"), new AttentionTransfer.Pair("c", "d")));
        ModelOutput student = new ModelOutput(s, Map.of("a", s, "c", s));
        ModelOutput teacher = new ModelOutput(t, Map.of("b", t, "d", t));
        assertThat((double) at.loss(student, null, teacher, 0).item_float()).isCloseTo(2 * (1 - 1 / R2), within(1e-6));
    }

    /**
     * T = 1, label 0, student logits (0, 1, 2), teacher (0, 2, 2).
     * Target class: p_s = 1/(1 + e + e²) = 0.0900306, p_t = 1/(1 + 2e²) = 0.0633789;
     * TCKD = p_t ln(p_t/p_s) + (1 − p_t) ln((1 − p_t)/(1 − p_s)) = 0.00479104.
     * Other classes: student softmax(1, 2) = (0.268941, 0.731059), teacher (½, ½);
     * NCKD = ½ ln(½/0.268941) + ½ ln(½/0.731059) = 0.120114507.
     * With a = 1, b = 8: 0.00479104 + 8 · 0.120114507 = 0.965707098.
     */
    @Test
    void dkdMatchesHandComputedTargetAndNonTargetTerms() {
        Tensor s = rows(new double[][] {{0, 1, 2}});
        Tensor t = rows(new double[][] {{0, 2, 2}});
        Tensor y = label(0);
        assertThat(new Dkd(1, 0, 1, 0).of(s, t, y).item_float()).isCloseTo(0.0047910426f, within(1e-6f));
        assertThat(new Dkd(0, 1, 1, 0).of(s, t, y).item_float()).isCloseTo(0.1201145070f, within(1e-6f));
        assertThat(new Dkd(1, 8, 1, 0).of(s, t, y).item_float()).isCloseTo(0.9657070982f, within(1e-5f));
        // T = 2 halves the logits and multiplies by T² = 4 (value of the same formulas): 1.00299288
        assertThat(new Dkd(1, 8, 2, 0).of(s, t, y).item_float()).isCloseTo(1.0029928787f, within(1e-5f));
    }

    /** The paper's decomposition (its eq. 3): for one sample, KD = TCKD + (1 − p_t[y]) · NCKD. */
    @Test
    void dkdTermsRecomposeHintonsKd() {
        Tensor s = rows(new double[][] {{0.3, -1, 2, 0.5}});
        Tensor t = rows(new double[][] {{1.5, 0.2, -0.7, 2}});
        Tensor y = label(3);
        for (double temperature : new double[] {1, 4}) {
            float tckd = new Dkd(1, 0, temperature, 0).of(s, t, y).item_float();
            float nckd = new Dkd(0, 1, temperature, 0).of(s, t, y).item_float();
            float pTarget = Tensors.toFloats(t.div(Tensors.scalar((float) temperature)).softmax(1))[3]; // row 0, class 3
            float kd = new HintonKd(temperature).of(s, t).item_float();
            assertThat(tckd + (1 - pTarget) * nckd).as("T=%s", temperature).isCloseTo(kd, within(1e-5f));
        }
    }

    @Test
    void dkdWarmsUpLinearly() {
        Dkd dkd = new Dkd(1, 8, 1, 2);
        ModelOutput s = new ModelOutput(rows(new double[][] {{0, 1, 2}}), Map.of());
        ModelOutput t = new ModelOutput(rows(new double[][] {{0, 2, 2}}), Map.of());
        Tensor y = label(0);
        assertThat(dkd.loss(s, y, t, 0).item_float()).isEqualTo(0f);
        assertThat(dkd.loss(s, y, t, 0.5).item_float()).isCloseTo(0.9657071f / 4, within(1e-5f));
        assertThat(dkd.loss(s, y, t, 5).item_float()).isCloseTo(0.9657071f, within(1e-5f));
    }

    /**
     * Student logits (ln 3, 0): softmax (¾, ¼), label 0. Double softmax: CE of logits (¾, ¼) =
     * ln(e^¾ + e^¼) − ¾ = 0.474076984. Soft term against the teacher's softmax (½, ½):
     * −(½ ln ¾ + ½ ln ¼) = 0.836988217. α = ½: their mean, 0.655532600.
     */
    @Test
    void notebookLossReproducesTheDoubleSoftmaxAndTemperatureOneTargets() {
        Tensor s = rows(new double[][] {{Math.log(3), 0}});
        Tensor t = rows(new double[][] {{0, 0}});
        Tensor y = label(0);
        assertThat(new NotebookLoss(1).of(s, y, null).item_float()).isCloseTo(0.474076984f, within(1e-6f));
        assertThat(new NotebookLoss(0).of(s, y, t).item_float()).isCloseTo(0.836988217f, within(1e-6f));
        assertThat(new NotebookLoss(0.5).of(s, y, t).item_float()).isCloseTo(0.655532600f, within(1e-6f));
        assertThat(new NotebookLoss(1).needsTeacher()).isFalse();
    }

    /**
     * Guided values 1 and 3 (one channel, 1×1, two images); a 1×1 convolution with weight 1 and
     * bias 0, then batch norm in training mode gives ±1/√(1 + 10⁻⁵) = ±k, then ReLU: (0, k).
     * Against the hint (½, ½): ((0 − ½)² + (k − ½)²)/2 = 0.2499975.
     */
    @Test
    void fitnetsMatchesHandComputedValueWithAKnownRegressor() {
        FitNets fit = new FitNets("s", Dims.of(1, 1, 1), "t", Dims.of(1, 1, 1), ComputeDevice.cpu(), 1);
        try (NoGradGuard g = new NoGradGuard()) {
            Tensors.named(fit.trainable()).forEach((name, p) -> {
                // the 1×1 convolution's weight to 1 and its bias to 0; batch norm's γ and β stay as they are
                if (name.endsWith("weight") && p.dim() == 4) {
                    p.fill_(Tensors.scalar(1));
                }
                if (name.startsWith("conv.") && name.endsWith("bias") && p.dim() == 1) {
                    p.fill_(Tensors.scalar(0));
                }
            });
        }
        Tensor guided = Tensors.floats(new float[] {1, 3}, 2, 1, 1, 1);
        Tensor hint = Tensors.floats(new float[] {0.5f, 0.5f}, 2, 1, 1, 1);
        float value = fit.loss(new ModelOutput(guided, Map.of("s", guided)), null,
                new ModelOutput(hint, Map.of("t", hint)), 0).item_float();
        assertThat(value).isCloseTo(0.2499975f, within(1e-5f));
        assertThat(fit.studentFeatures()).containsExactly("s");
        assertThat(fit.teacherFeatures()).containsExactly("t");
    }

    @Test
    void compositeAddsWeightedTermsAndUnitesTheirNeeds() {
        Tensor s = rows(new double[][] {{Math.log(3), 0}});
        Tensor y = label(0);
        Composite c = new Composite(List.of(new Composite.Term(2, CrossEntropy.INSTANCE), new Composite.Term(0.5, new NotebookLoss(1))));
        float ce = CrossEntropy.of(s, y).item_float(); // −ln ¾
        assertThat(c.loss(new ModelOutput(s, Map.of()), y, null, 0).item_float())
                .isCloseTo(2 * ce + 0.5f * 0.474076984f, within(1e-6f));
        assertThat(ce).isCloseTo((float) -Math.log(0.75), within(1e-6f));
        assertThat(c.needsTeacher()).isFalse();
        Composite withRkd = new Composite(List.of(new Composite.Term(1, CrossEntropy.INSTANCE),
                new Composite.Term(1, new Rkd(25, 50, "embedding", "embedding"))));
        assertThat(withRkd.needsTeacher()).isTrue();
        assertThat(withRkd.studentFeatures()).containsExactly("embedding");
    }

    /** Autograd against central differences in float64 for every relation- and feature-based loss. */
    @Test
    void gradientsMatchFiniteDifferences() {
        Torch.seed(3);
        Tensor t2 = randn(5, 4).to(ScalarType.Double);
        Tensor t4 = randn(3, 2, 2, 2).to(ScalarType.Double);
        Tensor y = label(0, 2, 1, 1, 0);
        Tensor tLogits = randn(5, 3).to(ScalarType.Double);
        checkGradient(randn(5, 3), e -> new Rkd(25, 50, "e", "e").of(e, t2.narrow(1, 0, 3)));
        checkGradient(randn(5, 6), e -> new SimilarityPreserving("f", "f").of(e, t2));
        checkGradient(randn(3, 3, 2, 2), e -> AttentionTransfer.of(e, t4));
        checkGradient(randn(5, 3), e -> new Dkd(1, 8, 4, 0).of(e, tLogits, y));
        checkGradient(randn(5, 3), e -> new NotebookLoss(0.5).of(e, y, tLogits));
        checkGradient(randn(5, 3), e -> new Dist(2, 2, 4).of(e, tLogits));
        Tensor t4hcl = randn(2, 3, 4, 4).to(ScalarType.Double);
        checkGradient(randn(2, 3, 4, 4), e -> ReviewKd.hcl(List.of(e), List.of(t4hcl)));
        Tensor bank = randn(6, 3).to(ScalarType.Double);
        Tensor idx = label(0, 3, 4, 1, 2, 5).view(2, 3);
        for (boolean full : new boolean[] {true, false}) {
            checkGradient(randn(2, 3), v -> Crd.nce(Crd.scores(bank, v, idx, full).div(Tensors.scalar(0.5)).exp()
                    .div(Tensors.scalar(3)), 0.5));
        }
    }

    private static void checkGradient(Tensor init, Function<Tensor, Tensor> loss) {
        Tensor x = init.to(ScalarType.Double);
        x.requires_grad_(true);
        loss.apply(x).backward();
        double[] grad = doubles(x.grad());
        double[] v = doubles(x);
        double h = 1e-6;
        for (int i = 0; i < v.length; i++) {
            double[] plus = v.clone();
            double[] minus = v.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (value(x, plus, loss) - value(x, minus, loss)) / (2 * h);
            assertThat(grad[i]).as("∂L/∂x[%d]", i).isCloseTo(numeric, within(1e-5 + 1e-4 * Math.abs(numeric)));
        }
    }

    private static double value(Tensor like, double[] values, Function<Tensor, Tensor> loss) {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = AbstractTensor.create(values, like.shape());
            return loss.apply(x).to(ScalarType.Double).item_double();
        }
    }

    /** A tensor's values as float64, row-major. */
    private static double[] doubles(Tensor t) {
        Tensor c = t.detach().to(ScalarType.Double).contiguous();
        double[] out = new double[Math.toIntExact(c.numel())];
        ((DoubleBuffer) c.createBuffer()).get(out);
        return out;
    }
}
