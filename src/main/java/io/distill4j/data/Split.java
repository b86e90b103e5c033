package io.distill4j.data;

import io.distill4j.BadInputException;
import java.util.Random;

/**
 * A training set divided into the part the model learns from and a held-out validation part.
 *
 * @param train images used for gradient steps
 * @param validation held-out images, never augmented
 */
public record Split(ImageSet train, ImageSet validation) {

    /**
     * Holds out a seeded random fraction of {@code all} for validation (a Fisher–Yates shuffle of
     * the indices with {@link Random}{@code (seed)}).
     *
     * @param all the official training set
     * @param fraction share held out, in [0, 1)
     * @param seed seed of the shuffle (the study uses 1)
     * @return the split: two index views of {@code all}'s store, no pixels copied
     */
    public static Split holdOut(ImageSet all, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new BadInputException(
                    "validation fraction " + fraction + " is outside [0, 1): use e.g. 0.1");
        }
        int n = all.size();
        int[] order = shuffledIndices(n, new Random(seed));
        int nVal = (int) Math.round(n * fraction);
        int[] val = java.util.Arrays.copyOfRange(order, 0, nVal);
        int[] tr = java.util.Arrays.copyOfRange(order, nVal, n);
        java.util.Arrays.sort(val);
        java.util.Arrays.sort(tr);
        if (tr.length == 0) {
            throw new BadInputException("the training split is empty: supply more images");
        }
        return new Split(all.subset(tr), all.subset(val));
    }

    /**
     * @param n number of indices
     * @param rng generator to draw from
     * @return a uniformly random permutation of 0…n−1
     */
    public static int[] shuffledIndices(int n, Random rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
