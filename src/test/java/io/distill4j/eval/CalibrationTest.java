package io.distill4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    private static final double[] CONF = {0.95, 0.95, 0.5, 0.3};
    private static final boolean[] RIGHT = {true, false, true, false};

    @Test
    void eceOfFourPredictionsByHand() {
        // 15 bins of width 1/15 = 0.0667; bin b is (b/15, (b+1)/15]:
        //   0.95 → bin 14 (0.933, 1]: 2 predictions, mean confidence 0.95, accuracy 1/2
        //   0.5  → bin 7 (0.467, 0.533]: 1 prediction, confidence 0.5, accuracy 1
        //   0.3  → bin 4 (0.267, 0.333]: 1 prediction, confidence 0.3, accuracy 0
        // ECE = 2/4 · |0.5 − 0.95| + 1/4 · |1 − 0.5| + 1/4 · |0 − 0.3| = 0.225 + 0.125 + 0.075 = 0.425
        Calibration c = Calibration.of(CONF, RIGHT, Calibration.BINS);
        assertThat(c.ece()).isCloseTo(0.425, within(1e-12));
        assertThat(c.bins()).hasSize(15);
        Calibration.Bin top = c.bins().get(14);
        assertThat(top.lower()).isCloseTo(14 / 15.0, within(1e-12));
        assertThat(top.upper()).isEqualTo(1.0);
        assertThat(top.count()).isEqualTo(2);
        assertThat(top.meanConfidence()).isCloseTo(0.95, within(1e-12));
        assertThat(top.accuracy()).isEqualTo(0.5);
        assertThat(c.bins().get(7).count()).isEqualTo(1);
        assertThat(c.bins().get(4).accuracy()).isEqualTo(0.0);
        assertThat(c.bins().get(0).count()).isZero();
        assertThat(c.bins().get(0).meanConfidence()).isNull();
        assertThat(c.bins().stream().mapToLong(Calibration.Bin::count).sum()).isEqualTo(4);
    }

    @Test
    void binEdgesAreUpperInclusive() {
        // 0.2 = 3/15 is the upper edge of bin 2 (2/15, 3/15]; 0 goes to bin 0, 1 to bin 14
        Calibration c = Calibration.of(new double[] {0.2, 0.0, 1.0}, new boolean[] {true, true, true}, 15);
        assertThat(c.bins().get(2).count()).isEqualTo(1);
        assertThat(c.bins().get(3).count()).isZero();
        assertThat(c.bins().get(0).count()).isEqualTo(1);
        assertThat(c.bins().get(14).count()).isEqualTo(1);
        // perfectly right at confidence 1 → no error there; 0.2 and 0 contribute (0.8 + 1) / 3 = 0.6
        assertThat(c.ece()).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void perfectlyCalibratedHasZeroError() {
        // bin 7 holds 0.5, 0.5 with one right: accuracy 0.5 = confidence
        Calibration c = Calibration.of(new double[] {0.5, 0.5}, new boolean[] {true, false}, 15);
        assertThat(c.ece()).isZero();
    }

    @Test
    void poolingEqualsCalibratingAllPredictionsTogether() {
        Calibration a = Calibration.of(new double[] {0.95, 0.5}, new boolean[] {true, true}, 15);
        Calibration b = Calibration.of(new double[] {0.95, 0.3}, new boolean[] {false, false}, 15);
        Calibration pooled = Calibration.pool(List.of(a, b));
        Calibration all = Calibration.of(CONF, RIGHT, 15);
        assertThat(pooled.ece()).isCloseTo(all.ece(), within(1e-12));
        for (int i = 0; i < 15; i++) {
            assertThat(pooled.bins().get(i).count()).isEqualTo(all.bins().get(i).count());
        }
    }

    @Test
    void invalidInputIsRejected() {
        assertThatThrownBy(() -> Calibration.of(new double[] {1.2}, new boolean[] {true}, 15))
                .hasMessageContaining("confidence #1 is 1.2");
        assertThatThrownBy(() -> Calibration.of(new double[] {0.5}, new boolean[0], 15))
                .hasMessageContaining("as many outcomes");
        assertThatThrownBy(() -> new Calibration.Bin(0, 0.1, 0, 0.05, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Calibration(1.5, List.of())).hasMessageContaining("outside [0, 1]");
    }
}
