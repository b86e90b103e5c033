package io.distill4j.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How the report files write numbers: one place for {@code results.md} and {@code report.html}. */
public final class Formats {
    /** A cell without a value. */
    static final String MISSING = "—";

    private Formats() {}

    /**
     * @param n how many
     * @param noun its noun in the singular, e.g. {@code epoch}, {@code batch}
     * @return e.g. {@code 1 epoch}, {@code 20 epochs}, {@code 352 batches}
     */
    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun.endsWith("tch") ? noun + "es" : noun + "s");
    }

    /**
     * @param fraction an accuracy in [0, 1], or {@code null}
     * @return it in percent with one decimal, {@link #MISSING} for {@code null} or a non-finite value
     */
    static String fraction(Double fraction) {
        return fraction == null ? MISSING : percent(100 * fraction);
    }

    /**
     * The one rounding rule for a percentage wherever it appears (tables, bar labels, sentences):
     * one decimal, halves rounded up, from the shortest decimal that reads back as the double (so
     * 0.9725 → 97.25 → 97.3, whatever binary value 100 × 0.9725 has).
     *
     * @param percent a value in percent
     * @return it rounded to one decimal; a value that is not finite as it is
     */
    static double rounded(double percent) {
        return Double.isFinite(percent) ? BigDecimal.valueOf(percent).setScale(1, RoundingMode.HALF_UP).doubleValue() : percent;
    }

    /**
     * @param percent a value in percent
     * @return it with one decimal ({@link #rounded}), {@link #MISSING} when not finite
     */
    static String percent(double percent) {
        return Double.isFinite(percent) ? String.format(Locale.ROOT, "%.1f", rounded(percent)) : MISSING;
    }

    /**
     * @param value a setting's number or a weight α
     * @return it for people: no exponent, no trailing zeros ({@code 0.0005}, {@code 1}, {@code 0.5})
     */
    public static String number(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : Double.toString(value);
    }
}
