package io.distill4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void accuraciesFromCounts() {
        // rows = truth: a 3 right 1 as b; b 2 right; c none (no images)
        ConfusionMatrix m = ConfusionMatrix.of(ABC, new long[][] {{3, 1, 0}, {0, 2, 0}, {0, 0, 0}});
        assertThat(m.total()).isEqualTo(6);
        assertThat(m.accuracy()).isEqualTo(5 / 6.0);
        double[] perClass = m.perClassAccuracy();
        assertThat(perClass[0]).isEqualTo(0.75);
        assertThat(perClass[1]).isEqualTo(1.0);
        assertThat(perClass[2]).isNaN();
    }

    @Test
    void sumAddsElementWise() {
        ConfusionMatrix a = ConfusionMatrix.of(ABC, new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        ConfusionMatrix b = ConfusionMatrix.of(ABC, new long[][] {{0, 2, 0}, {0, 0, 0}, {3, 0, 0}});
        ConfusionMatrix s = ConfusionMatrix.sum(List.of(a, b));
        assertThat(s.count(0, 1)).isEqualTo(2);
        assertThat(s.count(2, 0)).isEqualTo(3);
        assertThat(s.total()).isEqualTo(8);
    }

    @Test
    void badShapesAreRejected() {
        assertThatThrownBy(() -> ConfusionMatrix.of(ABC, new long[][] {{1, 0, 0}}))
                .hasMessageContaining("one row per class");
        assertThatThrownBy(() -> ConfusionMatrix.of(ABC, new long[][] {{1, 0}, {0, 1}, {0, 0}}))
                .hasMessageContaining("3 non-negative counts");
        assertThatThrownBy(() -> ConfusionMatrix.of(ABC, new long[][] {{1, 0, -1}, {0, 1, 0}, {0, 0, 1}}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
