package io.distill4j.data;

import io.distill4j.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * A dataset stored as Parquet tables of encoded images ({@code --dataset parquet}): {@code
 * ROOT/train/} and {@code ROOT/test/}, or {@code ROOT} alone (its test set then a stratified, seeded
 * share as for a folder), each holding {@code *.parquet} files at any depth, in name order (Spark's
 * DataFrame writer, pandas and pyarrow write such tables). Each row: a column {@code image} (or
 * {@code img}) holding the bytes of a JPEG, PNG, BMP or GIF file, as binary or as Hugging Face
 * datasets' image struct {@code {bytes, path}}; and a column {@code label}, the class name (a string)
 * or its index (an integer; the names then come from {@code ROOT/classes.txt}, one per line, else
 * they are the indices). The images are decoded in parallel into memory at the image size, scaled and
 * centre-cropped exactly as a folder's images are.
 */
public final class ParquetImages {
    /** Names the image column may have. */
    static final List<String> IMAGE_COLUMNS = List.of("image", "img");
    /** The label column's name. */
    static final String LABEL = "label";

    private ParquetImages() {}

    /** One table row, still encoded. */
    private record Row(String where, byte[] content, String name, long index, boolean test) {}

    /**
     * @param options the root, image size, test split, whether to skip undecodable rows, decoding threads
     * @return the dataset, named {@code parquet}, fingerprint {@code parquet:<sha-256>} of the files
     *     (names, lengths, modification times) and the image size
     * @throws BadInputException for a missing root, no tables, a missing column or a bad label, an
     *     undecodable image (unless skipped), or more pixels than memory holds in one array
     * @throws IOException if a file cannot be read
     */
    public static Dataset open(FolderOptions options) throws IOException {
        Path root = options.root();
        if (!Files.isDirectory(root)) {
            throw new BadInputException("Parquet dataset " + root + (Files.exists(root) ? " is not a folder" : " does not exist")
                    + ": pass --data-dir ROOT holding train/ and test/ tables of images (or one table)");
        }
        boolean split = Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"));
        List<Path> trainFiles = files(split ? root.resolve("train") : root);
        List<Path> testFiles = split ? files(root.resolve("test")) : List.of();
        List<Row> rows = new ArrayList<>();
        for (Path f : trainFiles) {
            read(root, f, false, rows);
        }
        int trainCount = rows.size();
        for (Path f : testFiles) {
            read(root, f, true, rows);
        }
        if (trainCount == 0 || (split && rows.size() == trainCount)) {
            throw new BadInputException("Parquet dataset " + root + " has " + trainCount + " training and "
                    + (rows.size() - trainCount) + " test rows: give tables with images in both");
        }
        List<String> names = classNames(root, rows);
        int side = options.imageSize();
        long bytes = (long) rows.size() * ImageSet.CHANNELS * side * side;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new BadInputException("Parquet dataset " + root + " decodes to " + bytes / 1_000_000 + " MB at --image-size "
                    + side + ", more than one array holds: lower --image-size, or write the images as an image folder"
                    + " (decoded into a memory-mapped cache)");
        }
        byte[][] decoded = decode(rows, side, options);
        List<String> skipped = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (decoded[i] == null) {
                skipped.add(rows.get(i).where() + ": corrupt, truncated or not an image");
            } else {
                kept.add(i);
            }
        }
        byte[] pixels = new byte[(int) ((long) kept.size() * ImageSet.CHANNELS * side * side)];
        int[] labels = new int[kept.size()];
        int keptTrain = 0;
        for (int k = 0; k < kept.size(); k++) {
            Row r = rows.get(kept.get(k));
            byte[] image = decoded[kept.get(k)];
            System.arraycopy(image, 0, pixels, k * image.length, image.length);
            decoded[kept.get(k)] = null;
            labels[k] = r.name() != null ? names.indexOf(r.name()) : (int) r.index();
            keptTrain += r.test() ? 0 : 1;
        }
        ImageSet all = ImageSet.of(new ArrayPixelStore(pixels, ImageSet.CHANNELS * side * side), labels, side, names.size());
        return ImageFolderDataset.ordered("parquet", all, split ? keptTrain : all.size(), names,
                "parquet:" + fingerprint(root, side, split, Stream.concat(trainFiles.stream(), testFiles.stream()).toList()),
                skipped, options);
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

    private static void read(Path root, Path file, boolean test, List<Row> rows) throws IOException {
        String rel = root.relativize(file).toString().replace('\\', '/');
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            String image = IMAGE_COLUMNS.stream().filter(schema::containsField).findFirst().orElseThrow(() -> new BadInputException(
                    "Parquet table " + file + " has no column " + String.join(" or ", IMAGE_COLUMNS) + " (its columns: "
                            + schema.getFields().stream().map(Type::getName).toList() + "): name the image bytes column image"));
            if (!schema.containsField(LABEL)) {
                throw new BadInputException("Parquet table " + file + " has no column " + LABEL + ": add the class of each image"
                        + " (its name, or its index)");
            }
            // What the columns hold is the file's, decided once for all its rows.
            PrimitiveTypeName labelType = schema.getType(LABEL).isPrimitive()
                    ? schema.getType(LABEL).asPrimitiveType().getPrimitiveTypeName() : null;
            boolean named = labelType == PrimitiveTypeName.BINARY;
            boolean rawImage = schema.getType(image).isPrimitive();
            PageReadStore group;
            long row = 0;
            while ((group = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(group, new GroupRecordConverter(schema));
                for (long r = 0; r < group.getRowCount(); r++, row++) {
                    Group g = records.read();
                    String where = rel + " row " + row;
                    if (g.getFieldRepetitionCount(LABEL) == 0 || g.getFieldRepetitionCount(image) == 0) {
                        throw new BadInputException("Parquet table " + file + " row " + row + " has no " + (g.getFieldRepetitionCount(LABEL)
                                == 0 ? LABEL : image) + ": give every row an image and a label");
                    }
                    byte[] content = rawImage ? g.getBinary(image, 0).getBytes()
                            : g.getGroup(image, 0).getBinary("bytes", 0).getBytes();
                    rows.add(named ? new Row(where, content, g.getString(LABEL, 0), -1, test)
                            : new Row(where, content, null, label(g, labelType == PrimitiveTypeName.INT64, file, row), test));
                }
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("Parquet table " + file + " cannot be read (" + e.getMessage()
                    + "): it is truncated or not a table of images; write it again");
        }
    }

    private static long label(Group g, boolean int64, Path file, long row) {
        long v = int64 ? g.getLong(LABEL, 0) : g.getInteger(LABEL, 0);
        if (v < 0 || v >= ImageSet.MAX_CLASSES) {
            throw new BadInputException("Parquet table " + file + " row " + row + " has label " + v + ", outside 0–"
                    + (ImageSet.MAX_CLASSES - 1) + ": give class indices or names");
        }
        return v;
    }

    private static List<String> classNames(Path root, List<Row> rows) {
        if (rows.get(0).name() != null) {
            TreeSet<String> names = new TreeSet<>();
            rows.stream().filter(r -> !r.test()).forEach(r -> names.add(r.name()));
            for (Row r : rows) {
                if (r.name() == null || !names.contains(r.name())) {
                    throw new BadInputException("Parquet row " + r.where() + " of " + root + " has label " + (r.name() == null
                            ? "index " + r.index() : "'" + r.name() + "'") + ", which no training row has: label all rows alike,"
                            + " with the training rows' class names");
                }
            }
            return List.copyOf(names);
        }
        int classes = 1 + (int) rows.stream().mapToLong(Row::index).max().orElse(0);
        Path file = root.resolve("classes.txt");
        if (Files.isRegularFile(file)) {
            return ClassNamesFile.read(file, classes, "write one class name per line, in label order");
        }
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }

    private static byte[][] decode(List<Row> rows, int side, FolderOptions options) throws IOException {
        byte[][] out = new byte[rows.size()][];
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        try {
            OrderedDecoding.await(pool.submit(() -> IntStream.range(0, rows.size()).parallel().forEach(i -> {
                try {
                    out[i] = ImageDecoder.decode(rows.get(i).content(), side);
                } catch (ImageDecoder.UndecodableException e) {
                    if (!options.skipBadImages()) {
                        throw new BadInputException("image in Parquet row " + rows.get(i).where() + " of " + options.root() + " is "
                                + (e.notAnImage() ? "not an image" : "corrupt or truncated (" + e.getMessage() + ")") + ": fix the row, "
                                + FolderScan.SKIP_HINT);
                    }
                }
            })));
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static String fingerprint(Path root, int side, boolean split, List<Path> files) throws IOException {
        MessageDigest sha = io.distill4j.Hashes.sha256();
        StringBuilder sb = new StringBuilder("distill4j parquet images v1\n").append(side).append('\n').append(split).append('\n');
        for (Path f : files) {
            sb.append(root.relativize(f)).append('\0').append(Files.size(f)).append('\0')
                    .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
        return HexFormat.of().formatHex(sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
