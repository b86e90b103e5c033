package io.distill4j.api;

import java.nio.file.Path;

/**
 * How {@link Data#folder(FolderOptions, ProgressSink)} and {@link Data#parquet} read images:
 * validated on construction, changed through the {@code with…} methods.
 *
 * @param root one sub-folder of images per class, or {@code train/} and {@code test/} each holding one
 *     sub-folder per class (for Parquet: the tables' root, or one table)
 * @param imageSize side of the square images made from each file (shorter side scaled to it, centre
 *     crop), 1 to 1024
 * @param cacheDir where the decoded cache goes; {@code null} for {@code ROOT/.distill4j-cache}
 * @param testFraction share of each class held out as the test set when there is no {@code test/}, in (0, 1)
 * @param splitSeed seed of that stratified split
 * @param skipBadImages leave out files that cannot be decoded ({@link ImageData#skipped()} lists them)
 *     instead of failing
 * @param threads decoding threads, at least 1
 */
public record FolderOptions(Path root, int imageSize, Path cacheDir, double testFraction, long splitSeed,
        boolean skipBadImages, int threads) {
    /**
     * Checks every value.
     *
     * @param root the folder
     * @param imageSize the side of the images made from each file
     * @param cacheDir the cache directory, or {@code null}
     * @param testFraction the test share of a folder without {@code test/}
     * @param splitSeed the seed of that split
     * @param skipBadImages whether undecodable files are left out
     * @param threads decoding threads
     * @throws InvalidInputException for no root, an image size, test fraction or thread count out of range
     */
    public FolderOptions {
        new io.distill4j.data.folder.FolderOptions(root, imageSize, cacheDir, testFraction, splitSeed, skipBadImages, threads);
    }

    /**
     * @param root the folder
     * @param imageSize the side of the images made from each file, 1 to 1024
     * @return options with the defaults: the cache in {@code ROOT/.distill4j-cache}, 20 % of each class
     *     held out as test set (seed 1) when there is no {@code test/}, bad images fail, one decoding
     *     thread per core
     * @throws InvalidInputException for no root or an image size out of range
     */
    public static FolderOptions of(Path root, int imageSize) {
        return of(io.distill4j.data.folder.FolderOptions.of(root, imageSize));
    }

    /**
     * @param dir where the decoded cache goes; {@code null} for {@code ROOT/.distill4j-cache}
     * @return these options with that cache directory
     */
    public FolderOptions withCacheDir(Path dir) {
        return of(engine().withCacheDir(dir));
    }

    /**
     * @param fraction share of each class held out as test set when there is no {@code test/}, in (0, 1)
     * @param seed seed of that stratified split
     * @return these options with that test split
     * @throws InvalidInputException for a fraction outside (0, 1)
     */
    public FolderOptions withTestSplit(double fraction, long seed) {
        return of(engine().withTestSplit(fraction, seed));
    }

    /**
     * @param skip leave out files that cannot be decoded instead of failing
     * @return these options skipping bad images or not
     */
    public FolderOptions withSkipBadImages(boolean skip) {
        return of(engine().withSkipBadImages(skip));
    }

    /**
     * @param n decoding threads, at least 1
     * @return these options with {@code n} decoding threads
     * @throws InvalidInputException for fewer than 1
     */
    public FolderOptions withThreads(int n) {
        return of(engine().withThreads(n));
    }

    private static FolderOptions of(io.distill4j.data.folder.FolderOptions o) {
        return new FolderOptions(o.root(), o.imageSize(), o.cacheDir(), o.testFraction(), o.splitSeed(),
                o.skipBadImages(), o.threads());
    }

    io.distill4j.data.folder.FolderOptions engine() {
        return new io.distill4j.data.folder.FolderOptions(root, imageSize, cacheDir, testFraction, splitSeed, skipBadImages,
                threads);
    }
}
