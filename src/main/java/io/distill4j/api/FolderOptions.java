package io.distill4j.api;

import java.nio.file.Path;

/**
 * How {@link Data#folder(FolderOptions, ProgressSink)} reads a folder of images: immutable, validated
 * when made, changed through the {@code with…} methods.
 */
public final class FolderOptions {
    private final io.distill4j.data.FolderOptions options;

    private FolderOptions(io.distill4j.data.FolderOptions options) {
        this.options = options;
    }

    /**
     * @param root one sub-folder of images per class, or {@code train/} and {@code test/} each holding
     *     one sub-folder per class
     * @param imageSize side of the square images made from each file (shorter side scaled to it,
     *     centre crop), 1 to 1024
     * @return options with the defaults: the cache in {@code ROOT/.distill4j-cache}, 20 % of each class
     *     held out as test set (seed 1) when there is no {@code test/}, bad images fail, one decoding
     *     thread per core
     * @throws InvalidInputException for no root or an image size out of range
     */
    public static FolderOptions of(Path root, int imageSize) {
        return new FolderOptions(io.distill4j.data.FolderOptions.of(root, imageSize));
    }

    /**
     * @param dir where the decoded cache goes; {@code null} for {@code ROOT/.distill4j-cache}
     * @return these options with that cache directory
     */
    public FolderOptions withCacheDir(Path dir) {
        return new FolderOptions(options.withCacheDir(dir));
    }

    /**
     * @param fraction share of each class held out as test set when the folder has no {@code test/}, in (0, 1)
     * @param seed seed of that stratified split
     * @return these options with that test split
     * @throws InvalidInputException for a fraction outside (0, 1)
     */
    public FolderOptions withTestSplit(double fraction, long seed) {
        return new FolderOptions(options.withTestSplit(fraction, seed));
    }

    /**
     * @param skip leave out files that cannot be decoded (the data set lists them) instead of failing
     * @return these options skipping bad images or not
     */
    public FolderOptions withSkipBadImages(boolean skip) {
        return new FolderOptions(options.withSkipBadImages(skip));
    }

    /**
     * @param n decoding threads, at least 1
     * @return these options with {@code n} decoding threads
     * @throws InvalidInputException for fewer than 1
     */
    public FolderOptions withThreads(int n) {
        return new FolderOptions(options.withThreads(n));
    }

    /** @return the folder */
    public Path root() {
        return options.root();
    }

    /** @return the side of the images made from each file */
    public int imageSize() {
        return options.imageSize();
    }

    /** @return the cache directory, or {@code null} for the default beside the images */
    public Path cacheDir() {
        return options.cacheDir();
    }

    /** @return the test share of a folder without {@code test/} */
    public double testFraction() {
        return options.testFraction();
    }

    /** @return the seed of that split */
    public long splitSeed() {
        return options.splitSeed();
    }

    /** @return whether undecodable files are left out */
    public boolean skipBadImages() {
        return options.skipBadImages();
    }

    /** @return the decoding threads */
    public int threads() {
        return options.threads();
    }

    io.distill4j.data.FolderOptions engine() {
        return options;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FolderOptions f && f.options.equals(options);
    }

    @Override
    public int hashCode() {
        return options.hashCode();
    }

    @Override
    public String toString() {
        return options.toString();
    }
}
