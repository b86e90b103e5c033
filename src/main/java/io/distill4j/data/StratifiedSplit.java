package io.distill4j.data;

import io.distill4j.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Splits one tree of images into train and test per class: each class's images (in listing order)
 * are shuffled with a generator seeded from the seed and the class, and {@code round(n × fraction)}
 * of them go to test. So every class keeps its share, and the split depends only on the seed, the
 * fraction and the listing, not on the other classes.
 */
public final class StratifiedSplit {
    private StratifiedSplit() {}

    /**
     * @param all the images
     * @param fraction test share in (0, 1)
     * @param seed seed of the shuffles
     * @return {@code {train, test}} indices into {@code all}, each ascending
     * @throws BadInputException if either part would be empty
     */
    public static int[][] split(ImageSet all, double fraction, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < all.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            byClass.get(all.label(i)).add(i);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> members = byClass.get(c);
            int[] order = Split.shuffledIndices(members.size(), new Random(seed * 1_000_003L + c));
            int nTest = (int) Math.round(members.size() * fraction);
            for (int k = 0; k < order.length; k++) {
                (k < nTest ? test : train).add(members.get(order[k]));
            }
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new BadInputException(
                    all.size() + " images are too few to hold out a test fraction of " + fraction
                            + ": add images, change --test-fraction, or give train/ and test/ folders");
        }
        return new int[][] {sorted(train), sorted(test)};
    }

    private static int[] sorted(List<Integer> list) {
        int[] out = list.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(out);
        return out;
    }
}
