package io.distill4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sentences from comparisons whose numbers are worked out in {@link StatisticsTest}. */
class ConclusionTest {
    @Test
    void significantGain() {
        // d = (2, 3, 2, 3): Δ 2.5, CI 2.5 ± 0.918693 = 1.58–3.42, p = 0.0032390 → "0.0032"
        Statistics.PairedComparison c =
                Statistics.comparePaired(Statistics.Bounds.PERCENT, new double[] {73, 75, 74, 76}, new double[] {71, 72, 72, 73});
        assertThat(Conclusion.sentence("α = 0.5", "labels-only", c))
                .isEqualTo("α = 0.5 beats labels-only by 2.5 points (95 % CI 1.6–3.4, p = 0.0032, 4 seeds)");
    }

    @Test
    void verySmallPValuesReadAsAnInequality() {
        // d = (2.1, 2.0, 2.1): mean 2.0667, sd 0.057735, se 0.033333, t = 62, ν = 2:
        // p = 1 − 62 / √(62² + 2) = 0.00026; CI 2.0667 ± 4.302653 · 0.033333 = 1.92–2.21
        Statistics.PairedComparison c =
                Statistics.comparePaired(Statistics.Bounds.PERCENT, new double[] {72.1, 72.0, 72.1}, new double[] {70, 70, 70});
        assertThat(Conclusion.sentence("α = 0.5", "labels-only", c))
                .isEqualTo("α = 0.5 beats labels-only by 2.1 points (95 % CI 1.9–2.2, p < 0.001, 3 seeds)");
    }

    @Test
    void significantLossBoundsTheDeficit() {
        // d = (−2, −3, −2, −3): Δ −2.5, CI −3.42…−1.58, so the deficit is 1.6–3.4 points
        Statistics.PairedComparison c =
                Statistics.comparePaired(Statistics.Bounds.PERCENT, new double[] {69, 69, 70, 70}, new double[] {71, 72, 72, 73});
        assertThat(Conclusion.sentence("α = 0", "labels-only", c))
                .isEqualTo("α = 0 is worse than labels-only by 2.5 points (95 % CI 1.6–3.4, p = 0.0032, 4 seeds)");
    }

    @Test
    void noSignificantDifference() {
        // d = (1, 2, 3): Δ 2, CI 2 ± 2.484138 = −0.48…4.48, p = 0.0741799 → "0.074"
        Statistics.PairedComparison c =
                Statistics.comparePaired(Statistics.Bounds.PERCENT, new double[] {71, 72, 73}, new double[] {70, 70, 70});
        assertThat(Conclusion.sentence("α = 0", "labels-only", c)).isEqualTo(
                "No significant difference between α = 0 and labels-only (Δ = 2.0 points, 95 % CI −0.5–4.5,"
                        + " p = 0.074, 3 seeds)");
    }

    @Test
    void oneSeedRecommendsMoreSeeds() {
        Statistics.PairedComparison c = Statistics.comparePaired(Statistics.Bounds.PERCENT, new double[] {70.0}, new double[] {71.25});
        assertThat(Conclusion.sentence("α = 0", "labels-only", c)).isEqualTo(
                "α = 0 scored 1.3 points below labels-only with a single seed; one seed gives no confidence"
                        + " interval, so this may be chance: run with --seeds 3 or more");
    }

    @Test
    void twoSeedsAreTooFewForAnInterval() {
        // the old sentence gave d = (1, −3): Δ −1, "95 % CI −26.4–24.4"
        Statistics.PairedComparison c =
                Statistics.comparePaired(Statistics.Bounds.PERCENT, new double[] {71, 69}, new double[] {70, 72});
        assertThat(Conclusion.sentence("α = 0", "labels-only", c)).isEqualTo(
                "α = 0 scored 1.0 points below labels-only on average over 2 seeds; 2 seeds are too few for a"
                        + " confidence interval, so this may be chance: run with --seeds 3 or more");
    }

    @Test
    void aCutIntervalSaysSo() {
        // d = (0, 50, 100): Δ 50, CI −74.2…174.2 cut at 100, p = 0.225
        Statistics.PairedComparison c = Statistics.comparePaired(
                Statistics.Bounds.PERCENT, new double[] {100, 100, 100}, new double[] {100, 50, 0});
        assertThat(Conclusion.sentence("α = 0", "labels-only", c)).isEqualTo(
                "No significant difference between α = 0 and labels-only (Δ = 50.0 points, 95 % CI −74.2–100.0"
                        + " cut at the possible range, p = 0.23, 3 seeds)");
    }

    @Test
    void pValuesAreShortButNeverCrossFivePercent() {
        assertThat(Conclusion.pValue(0.0004)).isEqualTo("< 0.001");
        assertThat(Conclusion.pValue(0.0041)).isEqualTo("0.0041");
        assertThat(Conclusion.pValue(0.41)).isEqualTo("0.41");
        assertThat(Conclusion.pValue(1.0)).isEqualTo("1");
        assertThat(Conclusion.pValue(0.0496)).isEqualTo("0.0496"); // two digits would print 0.050
        assertThat(Conclusion.pValue(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void pointsUseATrueMinusSign() {
        assertThat(Conclusion.points(-0.54)).isEqualTo("−0.5");
        assertThat(Conclusion.points(-0.04)).isEqualTo("0.0");
        assertThat(Conclusion.points(1.25)).isEqualTo("1.3"); // HALF_UP
    }
}
