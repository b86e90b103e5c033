package io.distill4j.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import io.distill4j.model.ModelOutput;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link LogitStandardization} and the {@code +ls} methods, on values worked out by hand. */
class LogitStandardizationTest {
    @BeforeAll
    static void start() {
        Torch.start();
    }

    private static Tensor row(float... v) {
        return Tensors.floats(v, 1, v.length);
    }

    private static ModelOutput out(Tensor logits) {
        return new ModelOutput(logits, Map.of());
    }

    /** (1, 2, 4): mean 7/3, unbiased variance (16/9 + 1/9 + 25/9)/2 = 7/3, so Z = (−4, −1, 5)/(3·√(7/3)). */
    @Test
    void zscoreCentresEachImageAndDividesByItsUnbiasedSpread() {
        float[] z = Tensors.toFloats(LogitStandardization.zscore(row(1, 2, 4)));
        double sd = Math.sqrt(7.0 / 3);
        assertThat(z[0]).isCloseTo((float) (-4 / (3 * sd)), within(1e-6f));
        assertThat(z[1]).isCloseTo((float) (-1 / (3 * sd)), within(1e-6f));
        assertThat(z[2]).isCloseTo((float) (5 / (3 * sd)), within(1e-6f));
        // a constant row has no spread: 10⁻⁷ keeps it finite, at 0
        assertThat(Tensors.toFloats(LogitStandardization.zscore(row(3, 3, 3)))).containsOnly(0f);
    }

    /**
     * Student (1, 2, 4) → Z = (−0.872872, −0.218218, 1.091089); teacher (3, 2, 1) → Z = (1, 0, −1).
     * At T = 2: p = softmax(Z_t/2) = (0.506480, 0.307196, 0.186324), q = softmax(Z_s/2) = (0.197746,
     * 0.274324, 0.527930); KL(p ‖ q) = 0.317061, times T² = 1.268244. Label 0: CE of the raw logits
     * ln(e + e² + e⁴) − 1 = 3.169846. kd+ls with the paper's weights: 0.1 · 3.169846 + 9 · 1.268244 = 11.731180.
     */
    @Test
    void kdPlusLsWeighsTheRawLabelLossAndTheStandardizedKdAsThePaper() {
        Objective kdLs = Methods.create("kd+ls", Map.of(), new Methods.Context(null, null, 4, 0, 1, null));
        Tensor y = Tensors.longs(new long[] {0}, 1);
        float value = kdLs.loss(out(row(1, 2, 4)), y, out(row(3, 2, 1)), 0).item_float();
        assertThat(value).isCloseTo(11.731180f, within(2e-5f));
        assertThat(new LogitStandardization(ResponseKd.of(0, 2)).loss(out(row(1, 2, 4)), y, out(row(3, 2, 1)), 0)
                .item_float()).isCloseTo(1.268244f, within(2e-6f));
        assertThat(Methods.alpha("kd+ls", Map.of())).isEqualTo(0.1);
    }

    /** The point of the paper: a student whose logits are the teacher's up to shift and scale has nothing left to learn. */
    @Test
    void logitsEqualUpToShiftAndScaleCostNothing() {
        // no two images share a z-scored value in any class, so DIST's per-class correlations are defined
        Tensor s = Tensors.floats(new float[] {1, 2, 4, 0, 5, 1}, 2, 3);
        Tensor t = s.mul(Tensors.scalar(3)).add(Tensors.scalar(10));
        Tensor y = Tensors.longs(new long[] {2, 1}, 2);
        for (Objective term : List.<Objective>of(ResponseKd.of(0, 2), new Dkd(1, 8, 2, 0), new Dist(2, 2, 2))) {
            assertThat(term.loss(out(s), y, out(t), 1).item_float()).as("%s without ls", term).isGreaterThan(1e-3f);
            // DIST's Pearson terms keep ε = 1e-8 against the centred norms: nearly, not exactly, 0
            assertThat(new LogitStandardization(term).loss(out(s), y, out(t), 1).item_float()).as("%s with ls", term)
                    .isCloseTo(0f, within(1e-3f));
        }
    }

    @Test
    void lsOnlyModifiesLogitMethods() {
        for (String method : List.of("kd+ls", "dkd+ls", "dist+ls")) {
            Objective o = Methods.create(method, Map.of("dkd.warmup-epochs", 0.0), new Methods.Context(null, null, 4, 0, 1, null));
            assertThat(o.needsTeacher()).as(method).isTrue();
        }
        assertThatThrownBy(() -> Methods.get("ls")).isInstanceOf(BadInputException.class).hasMessageContaining("kd+ls");
        assertThatThrownBy(() -> Methods.get("rkd+ls")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown method 'rkd+ls'");
        assertThatThrownBy(() -> Methods.create("kd+ls", Map.of("ls.temperature", 0.0), new Methods.Context(null, null, 4, 0, 1, null)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("ls.temperature");
    }
}
