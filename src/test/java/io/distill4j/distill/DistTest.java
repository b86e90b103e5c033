package io.distill4j.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Dist}'s two Pearson terms on values worked out by hand. */
class DistTest {
    @BeforeAll
    static void start() {
        Torch.start();
    }

    /** Logits ln p, so that at T = 1 the softmax gives back the probabilities p exactly. */
    private static Tensor logitsOf(double[][] p) {
        float[] flat = new float[p.length * p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                flat[i * p[0].length + j] = (float) Math.log(p[i][j]);
            }
        }
        return Tensors.floats(flat, p.length, p[0].length);
    }

    private static final Tensor STUDENT = logitsOf(new double[][] {{0.5, 0.3, 0.2}, {0.1, 0.6, 0.3}});
    private static final Tensor TEACHER = logitsOf(new double[][] {{0.7, 0.2, 0.1}, {0.3, 0.1, 0.6}});

    /**
     * Rows, centred on their mean ⅓: image 1, student (1/6, −1/30, −2/15) and teacher (11/30,
     * −2/15, −7/30): dot 29/300, norms √(7/150) and √(31/150), so ρ₁ = 29/(2√217) = 0.9843240.
     * Image 2, student (−7/30, 4/15, −1/30) and teacher (−1/30, −7/30, 4/15): dot −57/900 and both
     * squared norms 114/900, so ρ₂ = −½. L_inter = 1 − (ρ₁ − ½)/2 = 0.7578380.
     */
    @Test
    void interClassTermIsOneMinusTheMeanPearsonOfEachImagesProbabilities() {
        assertThat(new Dist(1, 0, 1).of(STUDENT, TEACHER).item_float()).isCloseTo(0.7578380f, within(2e-6f));
    }

    /**
     * Columns over the two images (two points correlate by ±1): class 1, student (0.5, 0.1) against
     * teacher (0.7, 0.3), both falling: ρ = 1; class 2, (0.3, 0.6) rising against (0.2, 0.1) falling:
     * ρ = −1; class 3, (0.2, 0.3) against (0.1, 0.6), both rising: ρ = 1. L_intra = 1 − ⅓ = ⅔.
     */
    @Test
    void intraClassTermIsOneMinusTheMeanPearsonOfEachClassAcrossTheBatch() {
        assertThat(new Dist(0, 1, 1).of(STUDENT, TEACHER).item_float()).isCloseTo(2f / 3, within(2e-6f));
        // β = γ = 2: 2 · 0.7578380 + 2 · ⅔
        assertThat(new Dist(2, 2, 1).of(STUDENT, TEACHER).item_float()).isCloseTo(2.8490093f, within(5e-6f));
    }

    /** A student whose softened probabilities equal the teacher's, at any T, has nothing left to learn; T² scales the rest. */
    @Test
    void identicalPredictionsCostNothingAndTheTemperatureSquaredScales() {
        // up to ε = 1e-8 against the product of the centred norms (≈ 1e-3 for two images softened at T = 4), times T²·(β + γ)
        assertThat(new Dist(2, 2, 4).of(TEACHER, TEACHER).item_float()).isCloseTo(0f, within(5e-4f));
        Tensor doubled = STUDENT.mul(Tensors.scalar(2));
        Tensor teacherDoubled = TEACHER.mul(Tensors.scalar(2));
        // logits doubled at T = 2 soften back to the T = 1 probabilities; the result carries T² = 4
        assertThat(new Dist(1, 0, 2).of(doubled, teacherDoubled).item_float()).isCloseTo(4 * 0.7578380f, within(1e-5f));
        assertThat(new Dist(1, 1, 4).needsTeacher()).isTrue();
        assertThat(new Dist(1, 1, 4).batchRelational()).isTrue();
        assertThatThrownBy(() -> new Dist(-1, 1, 4)).hasMessageContaining("≥ 0");
    }
}
