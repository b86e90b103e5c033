package io.distill4j.data.folder;

import io.distill4j.BadInputException;
import io.distill4j.data.ImageSet;
import java.nio.file.Path;

/**
 * How to read an image folder: validated on construction.
 *
 * @param root the folder: one sub-folder per class, or {@code train/} and {@code test/} holding
 *     one sub-folder per class each
 * @param imageSize side N of the square images made from each file (shorter side to N, centre
 *     crop), 1 to {@value ImageSet#MAX_SIDE}
 * @param cacheDir where the decoded cache goes; {@code null}: {@code ROOT/.distill4j-cache}
 * @param testFraction share of each class held out as the test set when the folder has no {@code
 *     test/} tree, in (0, 1)
 * @param splitSeed seed of that stratified split
 * @param skipBadImages leave out files that are not images or cannot be decoded (they are listed)
 *     instead of failing
 * @param threads decoding threads, at least 1
 */
public record FolderOptions(
        Path root,
        int imageSize,
        Path cacheDir,
        double testFraction,
        long splitSeed,
        boolean skipBadImages,
        int threads) {
    /** Default image side for folders. */
    public static final int DEFAULT_IMAGE_SIZE = 64;
    /** Default test share of a folder without a {@code test/} tree. */
    public static final double DEFAULT_TEST_FRACTION = 0.2;
    /** Default seed of the train/test split. */
    public static final long DEFAULT_SPLIT_SEED = 1;

    /** Checks every value. */
    public FolderOptions {
        if (root == null) {
            throw new BadInputException("no image folder given: pass --data-dir ROOT");
        }
        if (imageSize < 1 || imageSize > ImageSet.MAX_SIDE) {
            throw new BadInputException(
                    "--image-size " + imageSize + " is outside 1–" + ImageSet.MAX_SIDE
                            + ": use e.g. 64 (or 224 for ImageNet-sized models)");
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new BadInputException(
                    "--test-fraction " + testFraction + " is outside (0, 1): use e.g. 0.2");
        }
        if (threads < 1) {
            throw new BadInputException("--threads " + threads + " must be at least 1");
        }
    }

    /**
     * @param root the folder
     * @param imageSize image side
     * @return options with the defaults: cache beside the data, test fraction 0.2, split seed 1,
     *     bad images fail, one decoding thread per available core
     */
    public static FolderOptions of(Path root, int imageSize) {
        return new FolderOptions(
                root, imageSize, null, DEFAULT_TEST_FRACTION, DEFAULT_SPLIT_SEED, false,
                Runtime.getRuntime().availableProcessors());
    }

    /** @return these options with another cache directory ({@code null}: beside the data) */
    public FolderOptions withCacheDir(Path dir) {
        return new FolderOptions(root, imageSize, dir, testFraction, splitSeed, skipBadImages, threads);
    }

    /** @return these options with another test fraction and split seed */
    public FolderOptions withTestSplit(double fraction, long seed) {
        return new FolderOptions(root, imageSize, cacheDir, fraction, seed, skipBadImages, threads);
    }

    /** @return these options, skipping bad images or not */
    public FolderOptions withSkipBadImages(boolean skip) {
        return new FolderOptions(root, imageSize, cacheDir, testFraction, splitSeed, skip, threads);
    }

    /** @return these options with another number of decoding threads */
    public FolderOptions withThreads(int n) {
        return new FolderOptions(root, imageSize, cacheDir, testFraction, splitSeed, skipBadImages, n);
    }
}
