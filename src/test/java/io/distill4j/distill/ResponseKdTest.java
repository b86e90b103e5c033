package io.distill4j.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import io.distill4j.engine.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loss values on a 2×3 example, worked out by hand (log-sum-exp per row, then the formulas of
 * {@link ResponseKd}): student logits s = [[1, 2, 0.5], [0.2, −1, 3]], teacher logits
 * t = [[2, 1, 0], [0, 0.5, 2.5]], labels y = [1, 2].
 * CE = ((2 − ln(e + e² + e^0.5)) + (3 − ln(e^0.2 + e^−1 + e³))) / −2 = 0.2702599808789607.
 */
class ResponseKdTest {
    private static final float[] STUDENT = {1f, 2f, 0.5f, 0.2f, -1f, 3f};
    private static final float[] TEACHER = {2f, 1f, 0f, 0f, 0.5f, 2.5f};
    private static final long[] LABELS = {1, 2};

    private static Tensor logits(float[] v) {
        return Tensors.floats(v, 2, 3);
    }

    private static Tensor labels() {
        return Tensors.longs(LABELS, LABELS.length);
    }

    @Test
    void crossEntropyMatchesHandComputedValue() {
        float ce = CrossEntropy.of(logits(STUDENT), labels()).item_float();
        assertThat(ce).isCloseTo(0.2702599808789607f, within(1e-6f));
    }

    @ParameterizedTest(name = "T={0} α={1}")
    @CsvSource({
        "1, 0,   0.277117975301668",
        "1, 0.5, 0.27368897809031434",
        "1, 1,   0.27025998087896075",
        "4, 0,   0.37090791899744846",
        "4, 0.5, 0.3205839499382046",
        "4, 1,   0.27025998087896075"
    })
    void blendedLossMatchesHandComputedValues(double t, double alpha, double expected) {
        ResponseKd loss = ResponseKd.of(alpha, t);
        float value = loss.of(logits(STUDENT), labels(), logits(TEACHER)).item_float();
        assertThat((double) value).isCloseTo(expected, within(1e-6));
    }

    @Test
    void labelsOnlyNeverReadsTheTeacher() {
        ResponseKd labelsOnly = ResponseKd.of(1, 4);
        assertThat(labelsOnly.needsTeacher()).isFalse();
        assertThat(ResponseKd.of(0.5, 4).needsTeacher()).isTrue();
        float value = labelsOnly.of(logits(STUDENT), labels(), null).item_float();
        assertThat(value).isCloseTo(0.2702599808789607f, within(1e-6f));
    }

    @Test
    void identicalLogitsHaveZeroDistillationLoss() {
        float value = new HintonKd(4).of(logits(TEACHER), logits(TEACHER)).item_float();
        assertThat(value).isCloseTo(0f, within(1e-7f));
    }

    /** d/ds of T²·KL(p‖q) with q = softmax(s/T) is T·(q − p) / N. */
    @Test
    void distillationGradientIsTemperatureTimesProbabilityGap() {
        double t = 4;
        Tensor s = logits(STUDENT);
        s.requires_grad_(true);
        new HintonKd(t).of(s, logits(TEACHER)).backward();
        float[] grad = Tensors.toFloats(s.grad());
        for (int row = 0; row < 2; row++) {
            double[] q = softmax(STUDENT, row, t);
            double[] p = softmax(TEACHER, row, t);
            for (int c = 0; c < 3; c++) {
                assertThat((double) grad[row * 3 + c]).isCloseTo(t * (q[c] - p[c]) / 2, within(1e-6));
            }
        }
    }

    /** d/ds of CE is (softmax(s) − onehot(y)) / N. */
    @Test
    void crossEntropyGradientIsProbabilityMinusOneHot() {
        Tensor s = logits(STUDENT);
        s.requires_grad_(true);
        CrossEntropy.of(s, labels()).backward();
        float[] grad = Tensors.toFloats(s.grad());
        for (int row = 0; row < 2; row++) {
            double[] q = softmax(STUDENT, row, 1);
            for (int c = 0; c < 3; c++) {
                double onehot = c == LABELS[row] ? 1 : 0;
                assertThat((double) grad[row * 3 + c]).isCloseTo((q[c] - onehot) / 2, within(1e-6));
            }
        }
    }

    private static double[] softmax(float[] v, int row, double t) {
        double[] e = new double[3];
        double z = 0;
        for (int c = 0; c < 3; c++) {
            e[c] = Math.exp(v[row * 3 + c] / t);
            z += e[c];
        }
        for (int c = 0; c < 3; c++) {
            e[c] /= z;
        }
        return e;
    }

    @Test
    void invalidSettingsAreRejectedWithTheirRange() {
        assertThatThrownBy(() -> ResponseKd.of(1.5, 4)).isInstanceOf(BadInputException.class).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> ResponseKd.of(-0.1, 4)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> ResponseKd.of(Double.NaN, 4)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new HintonKd(0)).isInstanceOf(BadInputException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new HintonKd(Double.POSITIVE_INFINITY)).isInstanceOf(BadInputException.class);
    }
}
