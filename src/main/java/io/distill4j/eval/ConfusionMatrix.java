package io.distill4j.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts of test images by true class (row) and predicted class (column). In JSON it also carries
 * its {@link #mostConfused() most confused pairs}, derived, ignored when read back.
 *
 * @param classes class names in label order
 * @param counts {@code counts.get(t).get(p)}: images of class {@code t} predicted as {@code p};
 *     square, one row and column per class, no negative count
 */
@JsonIgnoreProperties(value = "most_confused", allowGetters = true)
public record ConfusionMatrix(List<String> classes, List<List<Long>> counts) {
    /** How many pairs {@link #mostConfused()} lists. */
    public static final int MOST_CONFUSED = 10;

    /**
     * One kind of error: images of one class taken for another.
     *
     * @param trueClass the class the images belong to
     * @param predictedClass the class predicted for them
     * @param count how many images
     * @param shareOfTrueClass {@code count} over all images of {@code trueClass}, in [0, 1]
     */
    public record ConfusedPair(String trueClass, String predictedClass, long count, double shareOfTrueClass) {}

    /** Checks the shape and the counts, and makes both lists immutable. */
    public ConfusionMatrix {
        classes = List.copyOf(classes);
        if (classes.isEmpty() || counts.size() != classes.size()) {
            throw new IllegalArgumentException("a confusion matrix needs one row per class: " + classes.size()
                    + " classes, " + counts.size() + " rows");
        }
        List<List<Long>> rows = new ArrayList<>();
        for (List<Long> row : counts) {
            if (row.size() != classes.size() || row.stream().anyMatch(c -> c == null || c < 0)) {
                throw new IllegalArgumentException("confusion matrix row " + row + " needs " + classes.size()
                        + " non-negative counts");
            }
            rows.add(List.copyOf(row));
        }
        counts = List.copyOf(rows);
    }

    /**
     * @param classes class names in label order
     * @param counts {@code counts[t][p]}, square, one row per class
     * @return the matrix
     */
    public static ConfusionMatrix of(List<String> classes, long[][] counts) {
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : counts) {
            rows.add(java.util.Arrays.stream(row).boxed().toList());
        }
        return new ConfusionMatrix(classes, rows);
    }

    /**
     * @param matrices matrices over the same classes, e.g. of several seeds
     * @return their element-wise sum
     * @throws IllegalArgumentException if the list is empty or the classes differ
     */
    public static ConfusionMatrix sum(List<ConfusionMatrix> matrices) {
        if (matrices.isEmpty()) {
            throw new IllegalArgumentException("no confusion matrix to add up");
        }
        List<String> classes = matrices.get(0).classes();
        long[][] total = new long[classes.size()][classes.size()];
        for (ConfusionMatrix m : matrices) {
            if (!m.classes().equals(classes)) {
                throw new IllegalArgumentException("cannot add confusion matrices over " + classes + " and " + m.classes());
            }
            for (int t = 0; t < classes.size(); t++) {
                for (int p = 0; p < classes.size(); p++) {
                    total[t][p] += m.count(t, p);
                }
            }
        }
        return of(classes, total);
    }

    /**
     * @param truth true class
     * @param predicted predicted class
     * @return images of class {@code truth} predicted as {@code predicted}
     */
    public long count(int truth, int predicted) {
        return counts.get(truth).get(predicted);
    }

    /** @return all images counted */
    public long total() {
        return counts.stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
    }

    /** @return share of images on the diagonal, NaN for an empty matrix */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < classes.size(); c++) {
            correct += count(c, c);
        }
        long total = total();
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** @return per class, the share of its images predicted correctly (recall); NaN for a class without images */
    public double[] perClassAccuracy() {
        double[] acc = new double[classes.size()];
        for (int c = 0; c < acc.length; c++) {
            long n = rowTotal(c);
            acc[c] = n == 0 ? Double.NaN : (double) count(c, c) / n;
        }
        return acc;
    }

    /** @return the {@value #MOST_CONFUSED} most frequent errors, see {@link #mostConfused(int)} */
    @JsonProperty("most_confused")
    public List<ConfusedPair> mostConfused() {
        return mostConfused(MOST_CONFUSED);
    }

    /**
     * @param limit most pairs to list
     * @return the off-diagonal cells with at least one image, most images first (ties in label
     *     order of the true, then the predicted class), at most {@code limit}
     */
    public List<ConfusedPair> mostConfused(int limit) {
        List<int[]> cells = new ArrayList<>();
        for (int t = 0; t < classes.size(); t++) {
            for (int p = 0; p < classes.size(); p++) {
                if (t != p && count(t, p) > 0) {
                    cells.add(new int[] {t, p});
                }
            }
        }
        cells.sort(Comparator.comparingLong((int[] c) -> -count(c[0], c[1])));
        return cells.stream().limit(limit).map(c -> new ConfusedPair(classes.get(c[0]), classes.get(c[1]),
                count(c[0], c[1]), (double) count(c[0], c[1]) / rowTotal(c[0]))).toList();
    }

    private long rowTotal(int truth) {
        return counts.get(truth).stream().mapToLong(Long::longValue).sum();
    }
}
