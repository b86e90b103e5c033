package io.distill4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed values. Student's t has closed forms for 2 and 3 degrees of freedom:
 * ν = 2: F(t) = ½ + t / (2√(t² + 2)), quantile t_p = (2p − 1) / √(2p(1 − p));
 * ν = 3: F(t) = ½ + (θ + sin θ cos θ) / π with θ = atan(t / √3).
 */
class StatisticsTest {
    private static final double EPS = 1e-6;

    @Test
    void tQuantilesMatchTheClosedForms() {
        // ν = 2, p = 0.975: 0.95 / √(2 · 0.975 · 0.025) = 0.95 / √0.04875 = 4.3026527
        assertThat(Statistics.tQuantile(2)).isCloseTo(4.302653, within(EPS));
        // ν = 3: table value 3.182446; check it with the closed-form CDF: F(3.182446) = 0.975
        double q = Statistics.tQuantile(3);
        assertThat(q).isCloseTo(3.182446, within(EPS));
        double theta = Math.atan(q / Math.sqrt(3));
        assertThat(0.5 + (theta + Math.sin(theta) * Math.cos(theta)) / Math.PI).isCloseTo(0.975, within(1e-9));
    }

    @Test
    void summaryOfThreeRuns() {
        // mean (1 + 2 + 3) / 3 = 2; sd √((1 + 0 + 1) / 2) = 1; half-width 4.302653 · 1 / √3 = 2.484138
        Statistics.Summary s = Statistics.summarize(Statistics.Bounds.NONE, 1, 2, 3);
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isEqualTo(2.0);
        assertThat(s.sd()).isCloseTo(1.0, within(1e-12));
        assertThat(s.ciLow()).isCloseTo(2 - 2.484138, within(EPS));
        assertThat(s.ciHigh()).isCloseTo(2 + 2.484138, within(EPS));
        assertThat(s.hasInterval()).isTrue();
    }

    @Test
    void oneRunHasNoSpreadAndNoInterval() {
        Statistics.Summary s = Statistics.summarize(Statistics.Bounds.NONE, 71.5);
        assertThat(s.n()).isEqualTo(1);
        assertThat(s.mean()).isEqualTo(71.5);
        assertThat(s.sd()).isNaN();
        assertThat(s.ciLow()).isNaN();
        assertThat(s.ciHigh()).isNaN();
        assertThat(s.hasInterval()).isFalse();
    }

    @Test
    void identicalRunsHaveAZeroWidthInterval() {
        Statistics.Summary s = Statistics.summarize(Statistics.Bounds.NONE, 70, 70, 70);
        assertThat(s.sd()).isZero();
        assertThat(s.ciLow()).isEqualTo(70.0);
        assertThat(s.ciHigh()).isEqualTo(70.0);
    }

    @Test
    void pairedTestWithThreeDegreesOfFreedom() {
        // d = (3−1, 5−2, 4−2, 6−3) = (2, 3, 2, 3): mean 2.5, sd √((4 · 0.25) / 3) = 0.577350,
        // se = 0.577350 / 2 = 0.288675, t = 2.5 / 0.288675 = 8.660254 = 5√3, so θ = atan(5) and
        // p = 1 − (2/π)(θ + sin θ cos θ) = 1 − (2/π)(atan 5 + 5/26) = 0.0032390;
        // half-width 3.182446 · 0.288675 = 0.918693
        Statistics.PairedComparison c = Statistics.comparePaired(Statistics.Bounds.NONE, new double[] {3, 5, 4, 6}, new double[] {1, 2, 2, 3});
        assertThat(c.n()).isEqualTo(4);
        assertThat(c.meanDifference()).isEqualTo(2.5);
        assertThat(c.sdDifference()).isCloseTo(0.577350, within(EPS));
        assertThat(c.ciLow()).isCloseTo(2.5 - 0.918693, within(EPS));
        assertThat(c.ciHigh()).isCloseTo(2.5 + 0.918693, within(EPS));
        double byHand = 1 - 2 / Math.PI * (Math.atan(5) + 5.0 / 26);
        assertThat(byHand).isCloseTo(0.0032390, within(1e-7));
        assertThat(c.pValue()).isCloseTo(byHand, within(1e-9));
        assertThat(c.significant()).isTrue();
    }

    @Test
    void pairedTestWithTwoDegreesOfFreedomIsNotSignificant() {
        // d = (1, 2, 3): mean 2, sd 1, t = 2 / (1/√3) = 2√3 = 3.464102;
        // p = 1 − t / √(t² + 2) = 1 − 3.464102 / √14 = 0.0741799
        Statistics.PairedComparison c =
                Statistics.comparePaired(Statistics.Bounds.NONE, new double[] {71, 72, 73}, new double[] {70, 70, 70});
        assertThat(c.pValue()).isCloseTo(0.0741799, within(EPS));
        assertThat(c.ciLow()).isCloseTo(2 - 2.484138, within(EPS));
        assertThat(c.significant()).isFalse();
    }

    @Test
    void pairedTestIsAntisymmetric() {
        double[] a = {3, 5, 4, 6};
        double[] b = {1, 2, 2, 3};
        Statistics.PairedComparison ab = Statistics.comparePaired(Statistics.Bounds.NONE, a, b);
        Statistics.PairedComparison ba = Statistics.comparePaired(Statistics.Bounds.NONE, b, a);
        assertThat(ba.meanDifference()).isEqualTo(-2.5);
        assertThat(ba.ciLow()).isCloseTo(-ab.ciHigh(), within(1e-12));
        assertThat(ba.pValue()).isCloseTo(ab.pValue(), within(1e-12));
    }

    @Test
    void oneSeedGivesNoIntervalAndNoPValue() {
        Statistics.PairedComparison c = Statistics.comparePaired(Statistics.Bounds.NONE, new double[] {73.1}, new double[] {70.5});
        assertThat(c.meanDifference()).isCloseTo(2.6, within(1e-9));
        assertThat(c.ciLow()).isNaN();
        assertThat(c.pValue()).isNaN();
        assertThat(c.significant()).isFalse();
    }

    @Test
    void constantDifferencesAreCertainAndZeroDifferencesAreNot() {
        Statistics.PairedComparison constant = Statistics.comparePaired(Statistics.Bounds.NONE, new double[] {2, 3, 4}, new double[] {1, 2, 3});
        assertThat(constant.sdDifference()).isZero();
        assertThat(constant.pValue()).isZero();
        assertThat(constant.ciLow()).isEqualTo(1.0);
        assertThat(constant.ciHigh()).isEqualTo(1.0);
        assertThat(constant.significant()).isTrue();

        Statistics.PairedComparison none =
                Statistics.comparePaired(Statistics.Bounds.NONE, new double[] {2, 3, 4}, new double[] {2, 3, 4});
        assertThat(none.pValue()).isEqualTo(1.0);
        assertThat(none.significant()).isFalse();
    }

    @Test
    void twoSeedsAreTooFewForAnIntervalButHaveASpread() {
        // t(1) = 12.706: the old interval of (70, 73) was 71.5 ± 12.706 · 2.1213 / √2 = 52.4–90.6
        Statistics.Summary s = Statistics.summarize(Statistics.Bounds.PERCENT, 70, 73);
        assertThat(s.mean()).isEqualTo(71.5);
        assertThat(s.sd()).isCloseTo(2.1213203, within(EPS));
        assertThat(s.hasSpread() && !s.hasInterval() && Double.isNaN(s.ciLow()) && Double.isNaN(s.ciHigh())).isTrue();
        Statistics.PairedComparison c =
                Statistics.comparePaired(Statistics.Bounds.PERCENT, new double[] {80, 10}, new double[] {20, 40});
        assertThat(c.meanDifference()).isEqualTo(15.0);
        assertThat(java.util.List.of(c.ciLow(), c.ciHigh(), c.pValue())).allMatch(v -> v.isNaN());
        assertThat(c.hasInterval() || c.significant()).isFalse();
    }

    @Test
    void accuracyIntervalIsCutAtOneHundredPercent() {
        // 98, 99, 100: mean 99, sd 1, half-width 4.302653 / √3 = 2.484138 → 96.515862–101.484138,
        // cut at 100
        Statistics.Summary s = Statistics.summarize(Statistics.Bounds.PERCENT, 98, 99, 100);
        assertThat(s.ciLow()).isCloseTo(96.515862, within(EPS));
        assertThat(s.ciHigh()).isEqualTo(100.0);
        assertThat(s.clipped()).isTrue();
        // 1, 2, 3: 2 ± 2.484138 → −0.484138, cut at 0
        Statistics.Summary low = Statistics.summarize(Statistics.Bounds.PERCENT, 1, 2, 3);
        assertThat(low.ciLow()).isZero();
        assertThat(low.ciHigh()).isCloseTo(4.484138, within(EPS));
        assertThat(low.clipped()).isTrue();
        Statistics.Summary inside = Statistics.summarize(Statistics.Bounds.PERCENT, 71, 72, 73);
        assertThat(inside.ciLow()).isCloseTo(72 - 2.484138, within(EPS));
        assertThat(inside.clipped()).isFalse();
    }

    @Test
    void differenceIntervalIsCutAtPlusMinusOneHundredPoints() {
        // candidate (100, 100, 100), baseline (100, 50, 0): d = (0, 50, 100),
        // mean 50, sd 50, half-width 4.302653 · 50 / √3 = 124.206886 → −74.206886–174.206886, cut at 100;
        // t = √3, p = 1 − √3 / √5 = 0.2254033
        Statistics.PairedComparison c = Statistics.comparePaired(
                Statistics.Bounds.PERCENT, new double[] {100, 100, 100}, new double[] {100, 50, 0});
        assertThat(c.meanDifference()).isEqualTo(50.0);
        assertThat(c.ciLow()).isCloseTo(50 - 124.206886, within(EPS));
        assertThat(c.ciHigh()).isEqualTo(100.0);
        assertThat(c.clipped()).isTrue();
        assertThat(c.pValue()).isCloseTo(1 - Math.sqrt(3.0 / 5), within(1e-9));
        assertThat(Statistics.Bounds.PERCENT.differences()).isEqualTo(new Statistics.Bounds(-100, 100));
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> Statistics.summarize(Statistics.Bounds.PERCENT, 50, 100.5))
                .isInstanceOf(BadInputException.class).hasMessageContaining("values #2 is 100.5, outside");
        assertThatThrownBy(() -> Statistics.summarize(Statistics.Bounds.NONE)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> Statistics.summarize(Statistics.Bounds.NONE, 1, Double.NaN)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("values #2 is NaN");
        assertThatThrownBy(() -> Statistics.comparePaired(Statistics.Bounds.NONE, new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("2 candidate and 1 baseline").hasMessageContaining("same seeds");
        assertThatThrownBy(() -> Statistics.comparePaired(Statistics.Bounds.NONE, new double[0], new double[0]))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Statistics.tQuantile(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
