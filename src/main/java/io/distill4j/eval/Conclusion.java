package io.distill4j.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Turns a paired comparison into one plain-English sentence, e.g. {@code α = 0.5 beats
 * labels-only by 1.8 points (95 % CI 0.9–2.7, p = 0.004, 5 seeds)}. Differences are read as
 * percentage points (compare accuracies in percent). A difference is called significant when its
 * 95 % interval excludes 0, i.e. p &lt; 0.05.
 */
public final class Conclusion {
    private static final String MINUS = "\u2212";

    private Conclusion() {}

    /**
     * @param candidate name of the compared configuration, e.g. {@code α = 0.5}
     * @param baseline name of the reference, e.g. {@code labels-only}
     * @param c the comparison candidate − baseline, in percentage points
     * @return one sentence without a final period: "… beats … by …", "… is worse than … by …"
     *     (the interval then bounds the deficit), "No significant difference between …", or below
     *     {@link Statistics#MIN_SEEDS} seeds a sentence saying that they are too few for an interval
     *     and recommending {@code --seeds 3}; an interval cut at the possible range says so
     */
    public static String sentence(String candidate, String baseline, Statistics.PairedComparison c) {
        if (!c.hasInterval()) {
            String how = c.meanDifference() == 0 ? "the same as"
                    : points(Math.abs(c.meanDifference())) + " points " + (c.meanDifference() > 0 ? "above" : "below");
            return candidate + " scored " + how + " " + baseline + (c.n() == 1
                    ? " with a single seed; one seed gives no confidence interval"
                    : " on average over " + c.n() + " seeds; " + c.n() + " seeds are too few for a confidence interval")
                    + ", so this may be chance: run with --seeds " + Statistics.MIN_SEEDS + " or more";
        }
        String p = pValue(c.pValue());
        String tail = (c.clipped() ? " cut at the possible range" : "") + ", " + (p.startsWith("<") ? "p " : "p = ") + p
                + ", " + c.n() + " seeds)";
        if (!c.significant()) {
            return "No significant difference between " + candidate + " and " + baseline + " (Δ = "
                    + points(c.meanDifference()) + " points, 95 % CI " + range(c.ciLow(), c.ciHigh()) + tail;
        }
        boolean better = c.meanDifference() > 0;
        double low = better ? c.ciLow() : -c.ciHigh();
        double high = better ? c.ciHigh() : -c.ciLow();
        return candidate + (better ? " beats " : " is worse than ") + baseline + " by "
                + points(Math.abs(c.meanDifference())) + " points (95 % CI " + range(low, high) + tail;
    }

    /**
     * @param p a p-value in [0, 1]
     * @return {@code < 0.001} below 0.001, else two significant digits ({@code 0.004}, {@code 0.41},
     *     {@code 1}); three where two would round across 0.05
     */
    public static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        if (p < 0.001) {
            return "< 0.001";
        }
        BigDecimal two = new BigDecimal(p).round(new MathContext(2));
        BigDecimal shown = (two.doubleValue() < Statistics.ALPHA) == (p < Statistics.ALPHA) ? two : new BigDecimal(p).round(new MathContext(3));
        return shown.stripTrailingZeros().toPlainString();
    }

    /**
     * @param v a difference in percentage points
     * @return it with one decimal and a true minus sign for negative values, e.g. {@code −0.5}
     */
    public static String points(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.equals("-0.0") ? "0.0" : s.replace("-", MINUS);
    }

    /**
     * @param low lower end of an interval, in points
     * @param high upper end
     * @return {@code low–high} with one decimal each, e.g. {@code −0.4–1.2}
     */
    public static String range(double low, double high) {
        return points(low) + "\u2013" + points(high);
    }
}
