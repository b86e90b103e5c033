package io.distill4j.data.parquet;

import io.distill4j.BadInputException;
import io.distill4j.data.DataCache;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.SkippedImage;
import io.distill4j.data.archive.ClassNamesFile;
import io.distill4j.data.folder.FolderOptions;
import io.distill4j.data.folder.FolderScan;
import io.distill4j.data.folder.ImageFolderDataset;
import io.distill4j.data.images.Fingerprint;
import io.distill4j.data.images.ImageCacheFile;
import io.distill4j.data.images.ImageCacheWriter;
import io.distill4j.data.images.ImageDecoder;
import io.distill4j.data.images.OrderedDecoding;
import io.distill4j.progress.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A dataset stored as Parquet tables of encoded images ({@code --dataset parquet}): {@code
 * ROOT/train/} and {@code ROOT/test/}, or {@code ROOT} alone (its test set then a stratified, seeded
 * share as for a folder), each holding {@code *.parquet} files at any depth, in name order (Spark's
 * DataFrame writer, pandas and pyarrow write such tables). Each row: a column {@code image} (or
 * {@code img}) holding the bytes of a JPEG, PNG, BMP or GIF file, as binary or as Hugging Face
 * datasets' image struct {@code {bytes, path}}; and a column {@code label}, the class name (a string)
 * or its index (an integer; the names then come from {@code ROOT/classes.txt}, one per line, else
 * they are the indices).
 *
 * <p>The images are decoded once into an {@link ImageCacheFile}, as a folder's are, and trained from
 * it: scaled and centre-cropped exactly as a folder's images, named and placed as a folder's cache
 * ({@code ROOT/.distill4j-cache/} or {@link FolderOptions#cacheDir()}, {@code
 * <key>-parquet-<size>px-<fingerprint>.u8}); a later open of unchanged tables (and {@code
 * classes.txt}) at the same size reads that cache without decoding. Building it takes two passes
 * over the tables, each one row group at a time: the label column (to learn the classes), then the
 * image column, whose rows are decoded in parallel and written straight into the cache. The heap
 * holds one row group's encoded images and the decoding window, never the whole table or its pixels.
 */
public final class ParquetImages {
    /** Why a row is left out. */
    static final String UNDECODABLE = "corrupt, truncated or not an image";

    private ParquetImages() {}

    /**
     * @param options the root, image size, test split, cache folder, whether to skip undecodable rows, decoding threads
     * @return the dataset, as {@link #open(FolderOptions, PrintStream, Progress)}, with no notes and no progress shown
     * @throws IOException if a file cannot be read or the cache written
     */
    public static Dataset open(FolderOptions options) throws IOException {
        return open(options, new PrintStream(OutputStream.nullOutputStream()), Progress.SILENT);
    }

    /**
     * @param options the root, image size, test split, cache folder, whether to skip undecodable rows, decoding threads
     * @param console where notes (a rebuilt cache) go
     * @param progress where a decoding reports how far it is
     * @return the dataset, named {@code parquet}, fingerprint {@code parquet:<sha-256>} of the files
     *     (names, lengths, modification times; {@code classes.txt} too) and the image size
     * @throws BadInputException for a missing root, no tables, a missing column or a bad label, an
     *     undecodable image (unless skipped) or an unwritable cache folder
     * @throws IOException if a file cannot be read or the cache written
     */
    public static Dataset open(FolderOptions options, PrintStream console, Progress progress) throws IOException {
        Path root = options.root();
        if (!Files.isDirectory(root)) {
            throw new BadInputException("Parquet dataset " + root + (Files.exists(root) ? " is not a folder" : " does not exist")
                    + ": pass --data-dir ROOT holding train/ and test/ tables of images (or one table)");
        }
        boolean split = Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"));
        List<ParquetTables.Table> tables = tables(root, split);
        String fingerprint = fingerprint(root, options.imageSize(), split, tables);
        ImageFolderDataset.Cached cache = ImageFolderDataset.cached(options,
                ImageFolderDataset.cacheFile(options, "parquet-", fingerprint), fingerprint,
                target -> build(options, split, tables, fingerprint, target, progress),
                s -> "image in Parquet row " + s.relative() + " of " + root + " is " + s.reason() + ": fix the row, "
                        + FolderScan.SKIP_HINT, console);
        ImageCacheFile.Header h = cache.contents().header();
        ImageSet all = ImageSet.of(cache.contents().pixels(), cache.contents().labels(), h.side(), h.classNames().size());
        return ImageFolderDataset.ordered("parquet", all, split ? h.trainCount() : all.size(), h.classNames(),
                "parquet:" + fingerprint, h.skipped().stream().map(k -> k.relative() + ": " + k.reason()).toList(), options);
    }

    /** @return the tables in reading order: the training ones, then the test ones */
    private static List<ParquetTables.Table> tables(Path root, boolean split) throws IOException {
        List<ParquetTables.Table> tables = new ArrayList<>();
        for (Path f : files(split ? root.resolve("train") : root)) {
            tables.add(new ParquetTables.Table(f, relative(root, f), false));
        }
        for (Path f : split ? files(root.resolve("test")) : List.<Path>of()) {
            tables.add(new ParquetTables.Table(f, relative(root, f), true));
        }
        return tables;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            List<Path> found = all.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".parquet")
                    && !hidden(dir, p)).sorted().toList();
            if (found.isEmpty()) {
                throw new BadInputException("Parquet dataset folder " + dir + " holds no *.parquet files: write the table there"
                        + " (e.g. Spark's df.write.parquet)");
            }
            return found;
        }
    }

    /** Spark's {@code _SUCCESS}, {@code _temporary/} and {@code .crc} files are not the table's. */
    private static boolean hidden(Path dir, Path file) {
        for (Path part : dir.relativize(file)) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes the tables into a new cache: the labels first (one pass over that column), then the
     * images, row group by row group, decoded in parallel and written in row order.
     */
    private static void build(FolderOptions options, boolean split, List<ParquetTables.Table> tables, String fingerprint,
            Path target, Progress progress) throws IOException {
        Path root = options.root();
        Labels labels = labels(root, tables);
        if (labels.trainRows() == 0 || (split && labels.of().length == labels.trainRows())) {
            throw new BadInputException("Parquet dataset " + root + " has " + labels.trainRows() + " training and "
                    + (labels.of().length - labels.trainRows()) + " test rows: give tables with images in both");
        }
        int side = options.imageSize();
        io.distill4j.DiskSpace.require(target.getParent(), (long) labels.of().length * (ImageSet.CHANNELS * side * side + 4)
                + (1 << 20), "the image cache " + target.getFileName(), "or give the cache another folder with --cache-dir");
        Path part = DataCache.hiddenSibling(target.getParent(), target.getFileName() + ".part");
        List<SkippedImage> skipped = new ArrayList<>();
        int[] trainCount = {0};
        try (ImageCacheWriter out = new ImageCacheWriter(part, side, labels.classNames(), fingerprint);
                ParquetTables.Rows rows = new ParquetTables.Rows(tables);
                Progress.Task bar = progress.start("decoding images", labels.of().length, "images")) {
            OrderedDecoding.run(rows, options.threads(), row -> ImageDecoder.decode(row.content(), side), (row, d) -> {
                if (d.failure() == null) {
                    out.add(d.pixels(), labels.of()[row.ordinal()]);
                    trainCount[0] += row.test() ? 0 : 1;
                } else if (options.skipBadImages()) {
                    skipped.add(new SkippedImage(row.where(), UNDECODABLE));
                } else {
                    throw new BadInputException("image in Parquet row " + row.where() + " of " + root + " is "
                            + (d.failure().notAnImage() ? "not an image" : "corrupt or truncated (" + d.failure().getMessage() + ")")
                            + ": fix the row, " + FolderScan.SKIP_HINT);
                }
            }, bar);
            out.finish(trainCount[0], skipped);
            if (!rescan(root, side, split).equals(fingerprint)) {
                throw new BadInputException("Parquet dataset " + root + " changed while its cache was being built:"
                        + " wait until nothing writes to it, then run again");
            }
            out.close();
            DataCache.move(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The labels of every row, as class indices, with the class names and the number of training rows. */
    private record Labels(int[] of, List<String> classNames, int trainRows) {}

    /**
     * @return the labels of every row: class names (those of the training rows, sorted; a test row's must be one of
     *     them) or class indices (named by {@code classes.txt} if there is one)
     */
    private static Labels labels(Path root, List<ParquetTables.Table> tables) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[][] of = {new int[1024]};
        int[] counts = {0, 0}; // rows, training rows
        Boolean[] named = {null};
        ParquetTables.labels(tables, (t, row, name, index) -> {
            named[0] = named[0] == null ? name != null : named[0];
            if ((name != null) != named[0] || (name != null && t.test() && !ids.containsKey(name))) {
                throw new BadInputException("Parquet row " + t.relative() + " row " + row + " of " + root + " has label "
                        + (name == null ? "index " + index : "'" + name + "'") + ", which no training row has: label all rows"
                        + " alike, with the training rows' class names");
            }
            if (counts[0] == of[0].length) {
                of[0] = Arrays.copyOf(of[0], 2 * counts[0]);
            }
            of[0][counts[0]++] = name == null ? (int) index : ids.computeIfAbsent(name, k -> ids.size());
            counts[1] += t.test() ? 0 : 1;
        });
        int[] labels = Arrays.copyOf(of[0], counts[0]);
        if (named[0] == null || !named[0]) {
            int classes = 1 + IntStream.of(labels).max().orElse(0);
            Path file = root.resolve("classes.txt");
            List<String> names = Files.isRegularFile(file)
                    ? ClassNamesFile.read(file, classes, "write one class name per line, in label order")
                    : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
            return new Labels(labels, names, counts[1]);
        }
        List<String> names = List.copyOf(new TreeSet<>(ids.keySet()));
        int[] sorted = new int[ids.size()];
        ids.forEach((name, id) -> sorted[id] = names.indexOf(name));
        for (int i = 0; i < labels.length; i++) {
            labels[i] = sorted[labels[i]];
        }
        return new Labels(labels, names, counts[1]);
    }

    /** @return the fingerprint of the tables listed again, or {@code ""} where they cannot be (a file went away) */
    private static String rescan(Path root, int side, boolean split) {
        try {
            return fingerprint(root, side, split, tables(root, split));
        } catch (IOException | BadInputException e) {
            return "";
        }
    }

    private static String fingerprint(Path root, int side, boolean split, List<ParquetTables.Table> tables) throws IOException {
        Fingerprint f = new Fingerprint("distill4j parquet images v1", side, split);
        for (ParquetTables.Table t : tables) {
            f.file(root.relativize(t.file()).toString(), Files.size(t.file()), Files.getLastModifiedTime(t.file()).toMillis());
        }
        Path classes = root.resolve("classes.txt");
        if (Files.isRegularFile(classes)) {
            f.file("classes.txt", Files.size(classes), Files.getLastModifiedTime(classes).toMillis());
        }
        return f.hex();
    }
}
