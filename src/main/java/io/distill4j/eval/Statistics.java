package io.distill4j.eval;

import io.distill4j.BadInputException;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Statistics of repeated runs (one value per seed): mean, sample standard deviation and the 95 %
 * confidence interval of the mean with Student's t quantile; and the paired comparison of two
 * configurations trained on the same seeds (mean difference, its 95 % interval, two-sided paired
 * t-test). The t distribution comes from Apache Commons Math.
 *
 * <p>With fewer than {@link #MIN_SEEDS} values there is no interval and no test: the t quantile
 * of one degree of freedom is 12.7, so two seeds give an interval of ± 9 standard deviations that
 * says nothing. Every interval is cut at the bounds of what the values can be ({@link Bounds});
 * the true mean lies inside them, so cutting keeps the interval's 95 % coverage and removes only
 * impossible values.
 */
public final class Statistics {
    /** Significance level of the paired test: p below it means the interval excludes 0. */
    public static final double ALPHA = 0.05;
    /** Fewest values that get a confidence interval and a test. */
    public static final int MIN_SEEDS = 3;

    private Statistics() {}

    /**
     * The range every value can take, e.g. an accuracy in percent lies in [0, 100].
     *
     * @param min lowest possible value
     * @param max highest possible value, at least {@code min}
     */
    public record Bounds(double min, double max) {
        /** Accuracies in percent. */
        public static final Bounds PERCENT = new Bounds(0, 100);
        /** No bound at all. */
        public static final Bounds NONE = new Bounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

        /** Checks min ≤ max. */
        public Bounds {
            if (!(min <= max)) {
                throw new IllegalArgumentException("bounds [" + min + ", " + max + "] are reversed or NaN");
            }
        }

        /** @return the range of a difference of two such values, e.g. [−100, 100] for percentages */
        public Bounds differences() {
            return new Bounds(min - max, max - min);
        }

        double clip(double v) {
            return Math.max(min, Math.min(max, v));
        }
    }

    /**
     * Summary of one configuration's repeated runs.
     *
     * @param n number of values, at least 1
     * @param mean arithmetic mean
     * @param sd sample standard deviation (divisor n − 1); NaN when n = 1
     * @param ciLow lower end of the 95 % confidence interval of the mean, cut at the bounds; NaN
     *     when n &lt; {@link #MIN_SEEDS}
     * @param ciHigh upper end of that interval; NaN when n &lt; {@link #MIN_SEEDS}
     * @param clipped whether the t interval reached past the bounds and was cut there
     */
    public record Summary(int n, double mean, double sd, double ciLow, double ciHigh, boolean clipped) {
        /** Checks n ≥ 1, a finite mean and an ordered interval. */
        public Summary {
            if (n < 1 || !Double.isFinite(mean)) {
                throw new IllegalArgumentException("a summary needs n ≥ 1 and a finite mean, got n = " + n + ", mean = " + mean);
            }
            if (ciLow > ciHigh) {
                throw new IllegalArgumentException("confidence interval [" + ciLow + ", " + ciHigh + "] is reversed");
            }
        }

        /** @return whether the summary has a standard deviation (n ≥ 2) */
        public boolean hasSpread() {
            return n >= 2;
        }

        /** @return whether the summary has a confidence interval (n ≥ {@link #MIN_SEEDS}) */
        public boolean hasInterval() {
            return n >= MIN_SEEDS;
        }
    }

    /**
     * Paired comparison of a candidate with a baseline on the same seeds; differences are
     * candidate − baseline.
     *
     * @param n number of pairs, at least 1
     * @param meanDifference mean of the differences
     * @param sdDifference sample standard deviation of the differences; NaN when n = 1
     * @param ciLow lower end of the 95 % confidence interval of the mean difference, cut at the
     *     bounds of a difference; NaN when n &lt; {@link #MIN_SEEDS}
     * @param ciHigh upper end of that interval; NaN when n &lt; {@link #MIN_SEEDS}
     * @param pValue two-sided p-value of the paired t-test; NaN when n &lt; {@link #MIN_SEEDS}; 0
     *     when every difference is the same non-zero value, 1 when every difference is 0
     * @param clipped whether the t interval reached past the bounds and was cut there
     */
    public record PairedComparison(
            int n, double meanDifference, double sdDifference, double ciLow, double ciHigh, double pValue,
            boolean clipped) {
        /** Checks n ≥ 1, a finite mean difference and a p-value in [0, 1] or NaN. */
        public PairedComparison {
            if (n < 1 || !Double.isFinite(meanDifference)) {
                throw new IllegalArgumentException(
                        "a comparison needs n ≥ 1 and a finite difference, got n = " + n + ", Δ = " + meanDifference);
            }
            if (pValue < 0 || pValue > 1) {
                throw new IllegalArgumentException("p-value " + pValue + " is outside [0, 1]");
            }
            if (ciLow > ciHigh) {
                throw new IllegalArgumentException("confidence interval [" + ciLow + ", " + ciHigh + "] is reversed");
            }
        }

        /** @return whether the comparison has an interval and a test (n ≥ {@link #MIN_SEEDS}) */
        public boolean hasInterval() {
            return n >= MIN_SEEDS;
        }

        /** @return whether the difference is significant at 5 % (its interval excludes 0); false below {@link #MIN_SEEDS} */
        public boolean significant() {
            return hasInterval() && pValue < ALPHA;
        }
    }

    /**
     * @param bounds the range every value can take
     * @param values one value per run, e.g. test accuracies of the seeds of one configuration
     * @return n, mean, sample standard deviation and the 95 % interval of the mean cut at the bounds
     * @throws BadInputException if {@code values} is empty or holds a NaN, infinite or out-of-bounds value
     */
    public static Summary summarize(Bounds bounds, double... values) {
        check(values, "values", bounds);
        Moments m = Moments.of(values);
        if (values.length < MIN_SEEDS) {
            return new Summary(values.length, m.mean, m.sd, Double.NaN, Double.NaN, false);
        }
        double half = tQuantile(values.length - 1) * m.sd / Math.sqrt(values.length);
        Interval ci = Interval.of(m.mean - half, m.mean + half, bounds);
        return new Summary(values.length, m.mean, m.sd, ci.low, ci.high, ci.clipped);
    }

    /**
     * Paired t-test of {@code candidate} against {@code baseline}, element {@code i} of both from
     * the same seed.
     *
     * @param bounds the range every value of either side can take; the interval of the difference
     *     is cut at {@link Bounds#differences()}
     * @param candidate one value per seed
     * @param baseline one value per seed, in the same seed order
     * @return the mean difference candidate − baseline, its 95 % interval and the two-sided p-value
     * @throws BadInputException if the arrays are empty, of different lengths, or hold a NaN,
     *     infinite or out-of-bounds value
     */
    public static PairedComparison comparePaired(Bounds bounds, double[] candidate, double[] baseline) {
        check(candidate, "candidate", bounds);
        check(baseline, "baseline", bounds);
        if (candidate.length != baseline.length) {
            throw new BadInputException("a paired comparison needs one value per seed on both sides, got "
                    + candidate.length + " candidate and " + baseline.length + " baseline values: compare runs of the same seeds");
        }
        int n = candidate.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = candidate[i] - baseline[i];
        }
        Moments m = Moments.of(d);
        if (n < MIN_SEEDS) {
            return new PairedComparison(n, m.mean, m.sd, Double.NaN, Double.NaN, Double.NaN, false);
        }
        if (m.sd == 0) {
            // t = Δ / 0: infinite unless Δ = 0; the interval shrinks to the single difference
            return new PairedComparison(n, m.mean, 0, m.mean, m.mean, m.mean == 0 ? 1 : 0, false);
        }
        double se = m.sd / Math.sqrt(n);
        double half = tQuantile(n - 1) * se;
        double t = m.mean / se;
        double p = 2 * new TDistribution(null, n - 1).cumulativeProbability(-Math.abs(t));
        Interval ci = Interval.of(m.mean - half, m.mean + half, bounds.differences());
        return new PairedComparison(n, m.mean, m.sd, ci.low, ci.high, Math.min(1, p), ci.clipped);
    }

    /**
     * @param degreesOfFreedom at least 1
     * @return the 97.5 % quantile of Student's t distribution, e.g. 4.302653 for 2 degrees of freedom
     */
    public static double tQuantile(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, got " + degreesOfFreedom);
        }
        return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(1 - ALPHA / 2);
    }

    private static void check(double[] values, String what, Bounds bounds) {
        if (values == null || values.length == 0) {
            throw new BadInputException("no " + what + " to summarize: give at least one run's value");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new BadInputException(what + " #" + (i + 1) + " is " + values[i] + ": every run needs a finite value");
            }
            if (values[i] < bounds.min() || values[i] > bounds.max()) {
                throw new BadInputException(what + " #" + (i + 1) + " is " + values[i] + ", outside the possible range ["
                        + bounds.min() + ", " + bounds.max() + "]: check the results file");
            }
        }
    }

    /** An interval cut at bounds, and whether it had to be. */
    private record Interval(double low, double high, boolean clipped) {
        static Interval of(double low, double high, Bounds bounds) {
            double l = bounds.clip(low);
            double h = bounds.clip(high);
            return new Interval(l, h, l != low || h != high);
        }
    }

    /** Mean and sample standard deviation (NaN for one value), two-pass for accuracy. */
    private record Moments(double mean, double sd) {
        static Moments of(double[] v) {
            double sum = 0;
            for (double x : v) {
                sum += x;
            }
            double mean = sum / v.length;
            if (v.length == 1) {
                return new Moments(mean, Double.NaN);
            }
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            return new Moments(mean, Math.sqrt(ss / (v.length - 1)));
        }
    }
}
