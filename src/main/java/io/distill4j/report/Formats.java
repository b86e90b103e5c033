package io.distill4j.report;

import java.math.BigDecimal;
import java.util.Locale;

/** How the report files write numbers: one place for {@code results.md} and {@code report.html}. */
final class Formats {
    /** A cell without a value. */
    static final String MISSING = "—";

    private Formats() {}

    /**
     * @param alpha a weight
     * @return it without trailing zeros: {@code 0.5}, {@code 1}
     */
    static String alpha(double alpha) {
        return BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString();
    }

    /**
     * @param fraction an accuracy in [0, 1], or {@code null}
     * @return it in percent with one decimal, {@link #MISSING} for {@code null} or a non-finite value
     */
    static String fraction(Double fraction) {
        return fraction == null ? MISSING : percent(100 * fraction);
    }

    /**
     * @param percent a value in percent
     * @return it with one decimal, {@link #MISSING} when not finite
     */
    static String percent(double percent) {
        return Double.isFinite(percent) ? String.format(Locale.ROOT, "%.1f", percent) : MISSING;
    }
}
