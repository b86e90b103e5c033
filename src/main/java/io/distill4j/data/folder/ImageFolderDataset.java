package io.distill4j.data.folder;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.SkippedImage;
import io.distill4j.data.Split;
import io.distill4j.data.StratifiedSplit;
import io.distill4j.data.images.ImageCacheFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A dataset read from an image folder ({@link FolderScan}), decoded once into a cache file ({@link
 * CacheBuilder}, {@link ImageCacheFile}) and trained from that cache: the first open decodes every
 * image; later opens of an unchanged folder at the same image size memory-map the cache. A changed
 * folder gets a new cache (the stale one of that folder and size is deleted); a corrupt or
 * truncated cache is noted on the console and rebuilt.
 *
 * @param dataset the images: {@code train/} and {@code test/} trees, or one tree split by a seeded,
 *     stratified split; name {@code folder}, fingerprint {@code folder:<sha-256>}
 * @param skipped files left out with {@link FolderOptions#skipBadImages()}, with the reason
 * @param cacheFile the cache the images are read from
 * @param built whether this open decoded the images (false: an existing cache was used)
 */
public record ImageFolderDataset(Dataset dataset, List<SkippedImage> skipped, Path cacheFile, boolean built) {
    /** Name of the cache folder made inside the image folder when no cache folder is given. */
    public static final String CACHE_FOLDER = ".distill4j-cache";

    /** Makes the list unmodifiable. */
    public ImageFolderDataset {
        skipped = List.copyOf(skipped);
    }

    /**
     * @param options the folder and how to read it
     * @param console where notes (a rebuilt cache) go
     * @return the dataset, from the cache
     * @throws BadInputException for a bad folder or image (see {@link FolderScan}, {@link
     *     CacheBuilder}) or an unwritable cache folder
     * @throws IOException if the cache cannot be read or written
     */
    public static ImageFolderDataset open(FolderOptions options, PrintStream console) throws IOException {
        return open(options, console, io.distill4j.progress.Progress.console(console));
    }

    /**
     * @param options the folder and how to read it
     * @param console where notes (a rebuilt cache) go
     * @param progress where a first decoding reports how far it is
     * @return the dataset, from the cache
     * @throws IOException if the cache cannot be read or written
     */
    public static ImageFolderDataset open(FolderOptions options, PrintStream console, io.distill4j.progress.Progress progress)
            throws IOException {
        FolderListing listing = FolderScan.scan(options.root(), options.skipBadImages());
        Cached cache = cached(options, listing, () -> FolderScan.scan(options.root(), true), console, progress);
        return new ImageFolderDataset(toDataset(cache.contents(), options), cache.contents().header().skipped(),
                cache.file(), cache.built());
    }

    /**
     * A folder's decoded images.
     *
     * @param contents the cache's contents
     * @param file the cache file
     * @param built whether this open decoded the images
     */
    public record Cached(ImageCacheFile.Contents contents, Path file, boolean built) {}

    /**
     * @param options the folder and how to read it
     * @param listing its scan
     * @param rescan scans it again (bad images listed), to see that it did not change while decoded
     * @param console where notes (a rebuilt cache) go
     * @param progress where a decoding reports how far it is
     * @return its images from the cache, decoded into it first where it is missing, stale or unusable
     * @throws BadInputException for a bad image (unless skipped) or an unwritable cache folder
     * @throws IOException if the cache cannot be read or written
     */
    public static Cached cached(FolderOptions options, FolderListing listing, Supplier<FolderListing> rescan,
            PrintStream console, io.distill4j.progress.Progress progress) throws IOException {
        String fingerprint = listing.fingerprint(options.imageSize());
        return cached(options, cacheFile(options, "", fingerprint), fingerprint, target -> new CacheBuilder(
                        listing, options.imageSize(), options.skipBadImages(), options.threads(), progress)
                        .build(target, fingerprint, () -> rescan.get().fingerprint(options.imageSize())),
                s -> "file " + s.relative() + " in " + options.root() + " is " + s.reason() + ": move it out of the "
                        + (listing.labelled() ? "class " : "") + "folder, " + FolderScan.SKIP_HINT, console);
    }

    /** Decodes a dataset into a new cache file. */
    public interface Build {
        /**
         * @param target the cache file to create (its folder exists); nothing is left behind on failure
         * @throws IOException if it cannot be written
         */
        void build(Path target) throws IOException;
    }

    /**
     * The cache of a folder or of Parquet tables: opened if it is there, of this fingerprint and
     * valid; else built, the stale caches of the same data and size deleted.
     *
     * @param options where the data lies, whether bad images may be skipped
     * @param file the cache file ({@link #cacheFile})
     * @param fingerprint the data's fingerprint
     * @param build decodes the data into a cache
     * @param refusal the error for an image the cache lists as skipped when they may not be skipped
     * @param console where notes (a rebuilt cache) go
     * @return the cache's contents
     * @throws BadInputException for a bad image (unless skipped) or an unwritable cache folder
     * @throws IOException if the cache cannot be read or written
     */
    public static Cached cached(FolderOptions options, Path file, String fingerprint, Build build,
            java.util.function.Function<SkippedImage, String> refusal, PrintStream console) throws IOException {
        ImageCacheFile.Contents contents = null;
        boolean built = false;
        if (Files.exists(file)) {
            try {
                contents = ImageCacheFile.open(file);
                if (!contents.header().fingerprint().equals(fingerprint)) {
                    contents.pixels().close();
                    throw new IOException("it belongs to other data");
                }
            } catch (IOException e) {
                console.println("note: the image cache " + file + " is unusable (" + e.getMessage()
                        + "); decoding the images again");
                contents = null;
            }
        }
        if (contents == null) {
            boolean existed = Files.isDirectory(file.getParent());
            createCacheDir(file.getParent());
            try {
                build.build(file);
            } catch (IOException | RuntimeException e) {
                if (!existed) {
                    deleteIfEmpty(file.getParent());
                }
                throw e;
            }
            deleteStale(file);
            contents = ImageCacheFile.open(file);
            built = true;
        }
        List<SkippedImage> skipped = contents.header().skipped();
        if (!options.skipBadImages() && !skipped.isEmpty()) {
            contents.pixels().close();
            throw new BadInputException(refusal.apply(skipped.get(0)));
        }
        return new Cached(contents, file, built);
    }

    private static Dataset toDataset(ImageCacheFile.Contents contents, FolderOptions options) {
        ImageCacheFile.Header h = contents.header();
        ImageSet all = ImageSet.of(contents.pixels(), contents.labels(), h.side(), h.classNames().size());
        return ordered("folder", all, h.trainCount(), h.classNames(), "folder:" + h.fingerprint(),
                h.skipped().stream().map(k -> k.relative() + ": " + k.reason()).toList(), options);
    }

    /**
     * @param name the dataset's name
     * @param all every image, the training images first
     * @param trainCount how many are training images; all of them: the test set is a stratified
     *     share ({@link FolderOptions#testFraction()}) of them
     * @param classNames the class names
     * @param fingerprint the data's fingerprint
     * @param skipped files or rows left out, with the reason
     * @param options the test split's fraction and seed
     * @return the dataset, each set in a seeded random order
     */
    public static Dataset ordered(String name, ImageSet all, int trainCount, List<String> classNames, String fingerprint,
            List<String> skipped, FolderOptions options) {
        ImageSet train;
        ImageSet test;
        // A folder is read class by class; like CIFAR's files, each set is stored in a seeded random
        // order, so that its first N images (--train-limit) span the classes.
        Random order = new Random(options.splitSeed());
        if (trainCount < all.size()) {
            train = all.subset(shuffled(range(0, trainCount), order));
            test = all.subset(shuffled(range(trainCount, all.size()), order));
        } else {
            int[][] parts = StratifiedSplit.split(all, options.testFraction(), options.splitSeed());
            train = all.subset(shuffled(parts[0], order));
            test = all.subset(shuffled(parts[1], order));
        }
        return new Dataset(name, train, test, classNames, fingerprint, skipped);
    }

    /** @return {@code indices} in a seeded random order */
    private static int[] shuffled(int[] indices, Random random) {
        int[] order = Split.shuffledIndices(indices.length, random);
        int[] out = new int[indices.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = indices[order[i]];
        }
        return out;
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    /**
     * @return the cache file of that folder content and image size: {@code
     *     <cache dir>/<folder key>-<size>px-<fingerprint>.u8}, the cache dir being {@link
     *     FolderOptions#cacheDir()} or {@code ROOT/}{@value #CACHE_FOLDER}
     */
    public static Path cacheFile(FolderOptions options, String fingerprint) {
        return cacheFile(options, "", fingerprint);
    }

    /**
     * @param kind {@code ""} for a folder, {@code "parquet-"} for tables: in the name, before the size
     * @return the cache file of that data, kind and image size: {@code
     *     <cache dir>/<folder key>-<kind><size>px-<fingerprint>.u8}
     */
    public static Path cacheFile(FolderOptions options, String kind, String fingerprint) {
        Path dir = options.cacheDir() != null ? options.cacheDir() : options.root().resolve(CACHE_FOLDER);
        return dir.resolve(prefix(options, kind) + fingerprint.substring(0, 16) + ".u8");
    }

    /** @return the name start shared by every cache of this folder (or tables) at this size */
    static String prefix(FolderOptions options, String kind) {
        String where = options.root().toAbsolutePath().normalize().toString();
        String key = HexFormat.of().formatHex(
                java.util.Arrays.copyOf(sha256(where.getBytes(StandardCharsets.UTF_8)), 4));
        return key + "-" + kind + options.imageSize() + "px-";
    }

    private static byte[] sha256(byte[] bytes) {
        return io.distill4j.Hashes.sha256().digest(bytes);
    }

    private static void createCacheDir(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException(
                    "cache folder " + dir + " is a file: pass --cache-dir DIR naming a folder");
        }
        try {
            Files.createDirectories(dir);
            Path probe = dir.resolve(".probe-" + UUID.randomUUID());
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new BadInputException(
                    "cannot write the image cache in " + dir + " (" + e.getMessage()
                            + "): pass --cache-dir DIR on a writable disk");
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty or not ours to remove: leave it
        }
    }

    /** Deletes the other caches of the same folder and image size: they describe older contents. */
    private static void deleteStale(Path current) throws IOException {
        String name = current.getFileName().toString();
        String prefix = name.substring(0, name.length() - 16 - ".u8".length());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(current.getParent(), prefix + "*.u8")) {
            for (Path f : files) {
                if (!f.getFileName().toString().equals(name)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
