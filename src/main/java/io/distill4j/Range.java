package io.distill4j;

import java.util.Locale;

/**
 * An interval of valid values, with its bounds open or closed, e.g. {@code (0, 100]}. A value
 * outside it is bad input whose message names the setting, the value, the interval and an example.
 *
 * @param min lower bound
 * @param minIncluded whether {@code min} itself is valid
 * @param max upper bound
 * @param maxIncluded whether {@code max} itself is valid
 */
public record Range(double min, boolean minIncluded, double max, boolean maxIncluded) {
    /** @return {@code [min, max]} */
    public static Range closed(double min, double max) {
        return new Range(min, true, max, true);
    }

    /** @return {@code (min, max]} */
    public static Range aboveUpTo(double min, double max) {
        return new Range(min, false, max, true);
    }

    /** @return {@code [min, max)} */
    public static Range fromBelow(double min, double max) {
        return new Range(min, true, max, false);
    }

    /** @return {@code (min, max)} */
    public static Range open(double min, double max) {
        return new Range(min, false, max, false);
    }

    /**
     * @param value a number
     * @return whether it lies in the interval (never for NaN)
     */
    public boolean contains(double value) {
        return (minIncluded ? value >= min : value > min) && (maxIncluded ? value <= max : value < max);
    }

    /**
     * @param what the setting, as the user names it, e.g. {@code --temperature}
     * @param value its value
     * @param example a valid value to suggest, or {@code null}
     * @throws BadInputException if the value lies outside
     */
    public void check(String what, Number value, Object example) {
        if (!contains(value.doubleValue())) {
            throw new BadInputException(what + " " + value + " is outside " + this
                    + (example != null ? ": use e.g. " + example : ""));
        }
    }

    @Override
    public String toString() {
        return (minIncluded ? "[" : "(") + bound(min) + ", " + bound(max) + (maxIncluded ? "]" : ")");
    }

    private static String bound(double b) {
        return b == Math.rint(b) && Math.abs(b) < 1e15 ? Long.toString((long) b) : String.format(Locale.ROOT, "%s", b);
    }
}
