package io.distill4j.api;

import io.distill4j.Range;

/**
 * An interval of valid values, its bounds open or closed, e.g. {@code (0, 100]}; the API's ranges
 * are the command line's, from its settings table.
 *
 * @param min lower bound
 * @param minIncluded whether {@code min} itself is valid
 * @param max upper bound
 * @param maxIncluded whether {@code max} itself is valid
 */
public record ValueRange(double min, boolean minIncluded, double max, boolean maxIncluded) {
    static ValueRange of(Range r) {
        return new ValueRange(r.min(), r.minIncluded(), r.max(), r.maxIncluded());
    }

    /**
     * @param value a number
     * @return whether it lies in the interval (never for NaN)
     */
    public boolean contains(double value) {
        return range().contains(value);
    }

    private Range range() {
        return new Range(min, minIncluded, max, maxIncluded);
    }

    /** @return the interval as messages write it, e.g. {@code [1, 1000]} */
    @Override
    public String toString() {
        return range().toString();
    }
}
