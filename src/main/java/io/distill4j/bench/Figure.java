package io.distill4j.bench;

import java.util.Arrays;

/**
 * A measured rate over repetitions: its median, minimum and maximum.
 *
 * @param median median of the repetitions
 * @param min slowest repetition
 * @param max fastest repetition
 * @param repetitions number of timed repetitions
 */
public record Figure(double median, double min, double max, int repetitions) {
    /** Checks the order of the values. */
    public Figure {
        if (repetitions < 1 || !(min <= median && median <= max)) {
            throw new IllegalArgumentException("bad figure " + min + " ≤ " + median + " ≤ " + max + " over " + repetitions);
        }
    }

    /**
     * @param samples rates of the repetitions, at least one
     * @return their median, minimum and maximum (the median of an even count is the mean of the middle two)
     */
    public static Figure of(double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("a figure needs at least one sample");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Figure(median, s[0], s[n - 1], n);
    }

    /**
     * @param factor a positive scale
     * @return this figure with every value multiplied by {@code factor}
     */
    public Figure times(double factor) {
        return new Figure(median * factor, min * factor, max * factor, repetitions);
    }
}
