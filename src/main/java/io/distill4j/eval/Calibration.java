package io.distill4j.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration of a classifier's confidence (its top softmax probability): the reliability bins and
 * the expected calibration error {@code ECE = Σ_b (n_b / N) · |accuracy_b − confidence_b|} over
 * equal-width confidence bins (Guo, Pleiss, Sun and Weinberger, "On Calibration of Modern Neural
 * Networks", ICML 2017). A confidence {@code c} falls in bin {@code (b/B, (b+1)/B]}; 0 falls in
 * the first bin.
 *
 * @param ece expected calibration error, in [0, 1]
 * @param bins the bins, lowest confidence first
 */
public record Calibration(double ece, List<Bin> bins) {
    /** Number of bins used by the study, as in Guo et al. */
    public static final int BINS = 15;

    /**
     * One reliability bin.
     *
     * @param lower lower edge (excluded, except 0)
     * @param upper upper edge (included)
     * @param count predictions whose confidence falls in the bin
     * @param meanConfidence their mean confidence, {@code null} when the bin is empty
     * @param accuracy share of them that are correct, {@code null} when the bin is empty
     */
    public record Bin(double lower, double upper, long count, Double meanConfidence, Double accuracy) {
        /** Checks the edges, the count and that means are present exactly when the bin is not empty. */
        public Bin {
            if (!(0 <= lower && lower < upper && upper <= 1) || count < 0) {
                throw new IllegalArgumentException("bad calibration bin (" + lower + ", " + upper + "] with " + count + " predictions");
            }
            if ((count == 0) != (meanConfidence == null) || (count == 0) != (accuracy == null)) {
                throw new IllegalArgumentException("a calibration bin has a mean confidence and accuracy exactly when it is not empty");
            }
            if (count > 0 && !(inUnit(meanConfidence) && inUnit(accuracy))) {
                throw new IllegalArgumentException("bin confidence " + meanConfidence + " or accuracy " + accuracy + " is outside [0, 1]");
            }
        }
    }

    /** Checks the ECE and makes the bins immutable. */
    public Calibration {
        if (!inUnit(ece)) {
            throw new IllegalArgumentException("ECE " + ece + " is outside [0, 1]");
        }
        bins = List.copyOf(bins);
    }

    /**
     * @param confidences top softmax probability of each prediction, in [0, 1]
     * @param correct whether each prediction is right
     * @param binCount number of equal-width bins
     * @return the bins and their ECE
     * @throws IllegalArgumentException if the arrays differ in length or a confidence is outside [0, 1]
     */
    public static Calibration of(double[] confidences, boolean[] correct, int binCount) {
        if (confidences.length != correct.length || binCount < 1) {
            throw new IllegalArgumentException(confidences.length + " confidences, " + correct.length
                    + " outcomes and " + binCount + " bins: need as many outcomes as confidences and a bin");
        }
        long[] count = new long[binCount];
        double[] confSum = new double[binCount];
        long[] hits = new long[binCount];
        for (int i = 0; i < confidences.length; i++) {
            double c = confidences[i];
            if (!inUnit(c)) {
                throw new IllegalArgumentException("confidence #" + (i + 1) + " is " + c + ", outside [0, 1]");
            }
            int b = Math.min(binCount - 1, Math.max(0, (int) Math.ceil(c * binCount) - 1));
            count[b]++;
            confSum[b] += c;
            hits[b] += correct[i] ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>();
        for (int b = 0; b < binCount; b++) {
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, count[b],
                    count[b] == 0 ? null : confSum[b] / count[b], count[b] == 0 ? null : (double) hits[b] / count[b]));
        }
        return fromBins(bins);
    }

    /**
     * @param calibrations calibrations with the same bin edges, e.g. of several seeds
     * @return the calibration of all their predictions together
     * @throws IllegalArgumentException if the list is empty or the bins differ
     */
    public static Calibration pool(List<Calibration> calibrations) {
        if (calibrations.isEmpty()) {
            throw new IllegalArgumentException("no calibration to pool");
        }
        List<Bin> first = calibrations.get(0).bins();
        List<Bin> pooled = new ArrayList<>();
        for (int b = 0; b < first.size(); b++) {
            long n = 0;
            double confSum = 0;
            double hits = 0;
            for (Calibration c : calibrations) {
                if (c.bins().size() != first.size() || c.bins().get(b).upper() != first.get(b).upper()) {
                    throw new IllegalArgumentException("cannot pool calibrations with different bins");
                }
                Bin bin = c.bins().get(b);
                if (bin.count() > 0) {
                    n += bin.count();
                    confSum += bin.meanConfidence() * bin.count();
                    hits += bin.accuracy() * bin.count();
                }
            }
            pooled.add(new Bin(first.get(b).lower(), first.get(b).upper(), n,
                    n == 0 ? null : confSum / n, n == 0 ? null : Math.min(1, hits / n)));
        }
        return fromBins(pooled);
    }

    /** ECE from the bins: Σ (n_b / N) |acc_b − conf_b|; 0 when there is no prediction. */
    private static Calibration fromBins(List<Bin> bins) {
        long total = bins.stream().mapToLong(Bin::count).sum();
        double ece = 0;
        for (Bin b : bins) {
            if (b.count() > 0) {
                ece += (double) b.count() / total * Math.abs(b.accuracy() - b.meanConfidence());
            }
        }
        return new Calibration(Math.min(1, ece), bins);
    }

    private static boolean inUnit(double v) {
        return v >= 0 && v <= 1;
    }
}
