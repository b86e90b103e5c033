package io.distill4j.eval;

import io.distill4j.BadInputException;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Statistics of repeated runs (one value per seed): mean, sample standard deviation and the 95 %
 * confidence interval of the mean with Student's t quantile; and the paired comparison of two
 * configurations trained on the same seeds (mean difference, its 95 % interval, two-sided paired
 * t-test). The t distribution comes from Apache Commons Math.
 */
public final class Statistics {
    /** Confidence level of every interval. */
    public static final double CONFIDENCE = 0.95;
    /** Significance level of the paired test: p below it means the interval excludes 0. */
    public static final double ALPHA = 0.05;

    private Statistics() {}

    /**
     * Summary of one configuration's repeated runs.
     *
     * @param n number of values, at least 1
     * @param mean arithmetic mean
     * @param sd sample standard deviation (divisor n − 1); NaN when n = 1
     * @param ciLow lower end of the 95 % confidence interval of the mean; NaN when n = 1
     * @param ciHigh upper end of that interval; NaN when n = 1
     */
    public record Summary(int n, double mean, double sd, double ciLow, double ciHigh) {
        /** Checks n ≥ 1, a finite mean and an ordered interval. */
        public Summary {
            if (n < 1 || !Double.isFinite(mean)) {
                throw new IllegalArgumentException("a summary needs n ≥ 1 and a finite mean, got n = " + n + ", mean = " + mean);
            }
            if (ciLow > ciHigh) {
                throw new IllegalArgumentException("confidence interval [" + ciLow + ", " + ciHigh + "] is reversed");
            }
        }

        /** @return whether the summary has a standard deviation and an interval (n ≥ 2) */
        public boolean hasInterval() {
            return n >= 2;
        }
    }

    /**
     * Paired comparison of a candidate with a baseline on the same seeds; differences are
     * candidate − baseline.
     *
     * @param n number of pairs, at least 1
     * @param meanDifference mean of the differences
     * @param sdDifference sample standard deviation of the differences; NaN when n = 1
     * @param ciLow lower end of the 95 % confidence interval of the mean difference; NaN when n = 1
     * @param ciHigh upper end of that interval; NaN when n = 1
     * @param pValue two-sided p-value of the paired t-test; NaN when n = 1; 0 when every difference
     *     is the same non-zero value, 1 when every difference is 0
     */
    public record PairedComparison(
            int n, double meanDifference, double sdDifference, double ciLow, double ciHigh, double pValue) {
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

        /** @return whether the difference is significant at 5 % (its interval excludes 0); false for n = 1 */
        public boolean significant() {
            return n >= 2 && pValue < ALPHA;
        }
    }

    /**
     * @param values one value per run, e.g. test accuracies of the seeds of one configuration
     * @return n, mean, sample standard deviation and the 95 % interval of the mean
     * @throws BadInputException if {@code values} is empty or holds a NaN or infinite value
     */
    public static Summary summarize(double... values) {
        check(values, "values");
        Moments m = Moments.of(values);
        if (values.length == 1) {
            return new Summary(1, m.mean, Double.NaN, Double.NaN, Double.NaN);
        }
        double half = tQuantile(values.length - 1) * m.sd / Math.sqrt(values.length);
        return new Summary(values.length, m.mean, m.sd, m.mean - half, m.mean + half);
    }

    /**
     * Paired t-test of {@code candidate} against {@code baseline}, element {@code i} of both from
     * the same seed.
     *
     * @param candidate one value per seed
     * @param baseline one value per seed, in the same seed order
     * @return the mean difference candidate − baseline, its 95 % interval and the two-sided p-value
     * @throws BadInputException if the arrays are empty, of different lengths, or hold a NaN or
     *     infinite value
     */
    public static PairedComparison comparePaired(double[] candidate, double[] baseline) {
        check(candidate, "candidate");
        check(baseline, "baseline");
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
        if (n == 1) {
            return new PairedComparison(1, m.mean, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        if (m.sd == 0) {
            // t = Δ / 0: infinite unless Δ = 0; the interval shrinks to the single difference
            return new PairedComparison(n, m.mean, 0, m.mean, m.mean, m.mean == 0 ? 1 : 0);
        }
        double se = m.sd / Math.sqrt(n);
        double half = tQuantile(n - 1) * se;
        double t = m.mean / se;
        double p = 2 * new TDistribution(null, n - 1).cumulativeProbability(-Math.abs(t));
        return new PairedComparison(n, m.mean, m.sd, m.mean - half, m.mean + half, Math.min(1, p));
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

    private static void check(double[] values, String what) {
        if (values == null || values.length == 0) {
            throw new BadInputException("no " + what + " to summarize: give at least one run's value");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new BadInputException(what + " #" + (i + 1) + " is " + values[i] + ": every run needs a finite value");
            }
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
