package io.distill4j.data.parquet;

import static io.distill4j.data.folder.ImageFolders.chw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.folder.FolderOptions;
import io.distill4j.data.folder.ImageFolderDataset;
import io.distill4j.data.folder.ImageFolders;
import io.distill4j.data.images.ImageCacheFile;
import io.distill4j.data.images.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet tables of encoded images: decoded as a folder's files are, labelled by name or index, bad tables refused. */
class ParquetImagesTest {
    private static final MessageType NAMED = MessageTypeParser.parseMessageType(
            "message m { required binary image; required binary label (STRING); }");
    private static final MessageType INDEXED_HF = MessageTypeParser.parseMessageType(
            "message m { optional group img { optional binary bytes; optional binary path (STRING); } required int64 label; }");

    @TempDir Path tmp;

    /** One row: an image and its label (a String or a Long). */
    private record Row(BufferedImage image, String format, Object label) {}

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    static Path table(Path file, MessageType schema, List<Row> rows) throws IOException {
        return table(file, schema, rows, Integer.MAX_VALUE);
    }

    /** A table of at most {@code perGroup} rows per row group. */
    static Path table(Path file, MessageType schema, List<Row> rows, int perGroup) throws IOException {
        Files.createDirectories(file.getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withType(schema).withRowGroupRowCountLimit(perGroup).build()) {
            for (Row r : rows) {
                Group g = groups.newGroup();
                Binary bytes = Binary.fromConstantByteArray(r.format() == null ? "junk".getBytes() : encode(r.image(), r.format()));
                if (schema.containsField("img")) {
                    g.addGroup("img").append("bytes", bytes).append("path", "x." + r.format());
                } else {
                    g.add("image", bytes);
                }
                if (r.label() instanceof String s) {
                    g.add("label", s);
                } else {
                    g.add("label", (Long) r.label());
                }
                w.write(g);
            }
        }
        return file;
    }

    private static Dataset open(Path root, int side) throws IOException {
        return ParquetImages.open(FolderOptions.of(root, side).withThreads(2));
    }

    @Test
    void trainAndTestTablesDecodeLikeFolderImagesWithClassNamesFromTheLabels() throws IOException {
        Path root = tmp.resolve("t");
        BufferedImage wide = ImageFolders.solid(16, 8, 0x102030);
        table(root.resolve("train/part-00000.parquet"), NAMED, List.of(new Row(ImageFolders.noise(8, 8, 1), "png", "dog"),
                new Row(wide, "png", "cat"), new Row(ImageFolders.noise(8, 8, 2), "bmp", "dog")));
        table(root.resolve("train/part-00001.parquet"), NAMED, List.of(new Row(ImageFolders.noise(8, 8, 3), "png", "cat")));
        table(root.resolve("test/part-00000.parquet"), NAMED, List.of(new Row(ImageFolders.noise(8, 8, 4), "png", "cat")));
        Files.writeString(root.resolve("train/_SUCCESS"), "");
        Dataset d = open(root, 8);
        assertThat(d.name()).isEqualTo("parquet");
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThat(d.train().size()).isEqualTo(4);
        assertThat(d.test().size()).isEqualTo(1);
        assertThat(d.fingerprint()).startsWith("parquet:");
        assertThat(d.test().image(0)).isEqualTo(chw(ImageFolders.noise(8, 8, 4)));
        assertThat(d.test().label(0)).isZero();
        // The same pixels a folder's file of that content gives (the wide image scaled and centre-cropped alike).
        byte[] wideFromFolder = ImageDecoder.read(ImageFolders.write(tmp.resolve("w.png"), wide, "png"), 8);
        boolean found = false;
        for (int i = 0; i < d.train().size(); i++) {
            found |= Arrays.equals(d.train().image(i), wideFromFolder) && d.train().label(i) == 0;
        }
        assertThat(found).as("the wide cat, decoded as the folder decodes it").isTrue();
        assertThat(open(root, 8).fingerprint()).isEqualTo(d.fingerprint());
        assertThat(open(root, 4).fingerprint()).isNotEqualTo(d.fingerprint());
    }

    @Test
    void oneTableOfHuggingFaceImageStructsWithIndexLabelsIsSplitAndNamedFromClassesTxt() throws IOException {
        Path root = tmp.resolve("hf");
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new Row(ImageFolders.noise(8, 8, i), "png", (long) (i % 2)));
        }
        table(root.resolve("data.parquet"), INDEXED_HF, rows);
        Dataset unnamed = open(root, 8);
        assertThat(unnamed.classNames()).containsExactly("0", "1");
        assertThat(unnamed.train().size() + unnamed.test().size()).isEqualTo(20);
        assertThat(unnamed.test().size()).isEqualTo(4);
        Files.writeString(root.resolve("classes.txt"), "airplane\nautomobile\n");
        assertThat(open(root, 8).classNames()).containsExactly("airplane", "automobile");
    }

    @Test
    void badTablesAreRefusedOrTheirBadRowsSkipped() throws IOException {
        Path root = tmp.resolve("bad");
        table(root.resolve("train/a.parquet"), NAMED, List.of(new Row(ImageFolders.noise(8, 8, 1), "png", "dog"),
                new Row(null, null, "cat"), new Row(ImageFolders.noise(8, 8, 3), "png", "cat")));
        table(root.resolve("test/a.parquet"), NAMED, List.of(new Row(ImageFolders.noise(8, 8, 4), "png", "cat")));
        assertThatThrownBy(() -> open(root, 8)).isInstanceOf(BadInputException.class)
                .hasMessage("image in Parquet row train/a.parquet row 1 of " + root
                        + " is not an image: fix the row, or pass --skip-bad-images to leave it out");
        Dataset skipping = ParquetImages.open(FolderOptions.of(root, 8).withThreads(2).withSkipBadImages(true));
        assertThat(skipping.train().size()).isEqualTo(2);
        assertThat(skipping.skipped()).containsExactly("train/a.parquet row 1: corrupt, truncated or not an image");

        table(root.resolve("test/b.parquet"), NAMED, List.of(new Row(ImageFolders.noise(8, 8, 5), "png", "bird")));
        assertThatThrownBy(() -> open(root, 8)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("has label 'bird', which no training row has");
        Path other = tmp.resolve("other");
        table(other.resolve("x.parquet"), MessageTypeParser.parseMessageType("message m { required binary picture; }"), List.of());
        assertThatThrownBy(() -> open(other, 8)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("has no column image or img (its columns: [picture])");
        Path truncated = tmp.resolve("trunc/t.parquet");
        table(truncated, NAMED, List.of(new Row(ImageFolders.noise(8, 8, 1), "png", "dog")));
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> open(truncated.getParent(), 8)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("cannot be read").hasMessageContaining("write it again");
        assertThatThrownBy(() -> open(tmp.resolve("missing"), 8)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> open(empty, 8)).isInstanceOf(BadInputException.class).hasMessageContaining("holds no *.parquet");
    }

    @Test
    void tablesOfSeveralRowGroupsStreamIntoACacheThatHoldsWhatDecodingEachRowGives() throws Exception {
        Path root = tmp.resolve("groups");
        List<Row> train = new java.util.ArrayList<>();
        for (int i = 0; i < 23; i++) {
            train.add(new Row(ImageFolders.noise(6 + i % 5, 9 - i % 3, 100 + i), i % 4 == 0 ? "bmp" : "png", "c" + (i % 3)));
        }
        train.add(1, new Row(null, null, "c1"));
        List<Row> test = List.of(new Row(ImageFolders.noise(8, 8, 7), "png", "c2"), new Row(ImageFolders.noise(7, 9, 8), "png", "c0"));
        table(root.resolve("train/part-0.parquet"), NAMED, train.subList(0, 14), 4);
        table(root.resolve("train/part-1.parquet"), NAMED, train.subList(14, train.size()), 3);
        table(root.resolve("test/part-0.parquet"), NAMED, test, 1);
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(
                root.resolve("train/part-0.parquet")), org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            assertThat(reader.getRowGroups()).hasSize(4);
        }
        FolderOptions options = FolderOptions.of(root, 6).withThreads(3).withSkipBadImages(true);
        Dataset d = ParquetImages.open(options);
        assertThat(d.skipped()).containsExactly("train/part-0.parquet row 1: corrupt, truncated or not an image");
        // the cache holds every decodable row in table order, labelled by class name
        Path cache;
        try (var files = Files.list(root.resolve(ImageFolderDataset.CACHE_FOLDER))) {
            cache = files.filter(f -> f.getFileName().toString().contains("-parquet-6px-")).findFirst().orElseThrow();
        }
        ImageCacheFile.Contents c = ImageCacheFile.open(cache);
        List<Row> decodable = new java.util.ArrayList<>(train);
        decodable.remove(1);
        decodable.addAll(test);
        assertThat(c.header().count()).isEqualTo(decodable.size());
        assertThat(c.header().trainCount()).isEqualTo(train.size() - 1);
        assertThat(c.header().classNames()).containsExactly("c0", "c1", "c2");
        byte[] image = new byte[3 * 6 * 6];
        for (int i = 0; i < decodable.size(); i++) {
            Row r = decodable.get(i);
            c.pixels().read(i, image, 0);
            assertThat(image).as("row %d", i).isEqualTo(ImageDecoder.decode(encode(r.image(), r.format()), 6));
            assertThat(c.labels()[i]).isEqualTo(Integer.parseInt(((String) r.label()).substring(1)));
        }
        c.pixels().close();
        // the dataset's sets are those images, and a second open reuses the cache without decoding
        assertThat(d.train().size()).isEqualTo(train.size() - 1);
        assertThat(d.test().size()).isEqualTo(2);
        assertThat(List.of(d.test().image(0), d.test().image(1))).usingElementComparator(Arrays::compare)
                .containsExactlyInAnyOrder(ImageDecoder.decode(encode(test.get(0).image(), "png"), 6),
                        ImageDecoder.decode(encode(test.get(1).image(), "png"), 6));
        java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(cache);
        Files.setLastModifiedTime(cache, java.nio.file.attribute.FileTime.fromMillis(built.toMillis() - 60_000));
        java.nio.file.attribute.FileTime backdated = Files.getLastModifiedTime(cache);
        Dataset again = ParquetImages.open(options);
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(backdated);
        assertThat(again.train().pixels()).isEqualTo(d.train().pixels());
        assertThat(again.fingerprint()).isEqualTo(d.fingerprint());
        // without --skip-bad-images the cached skipped row is refused as the decoding refuses it
        assertThatThrownBy(() -> ParquetImages.open(options.withSkipBadImages(false))).isInstanceOf(BadInputException.class)
                .hasMessage("image in Parquet row train/part-0.parquet row 1 of " + root
                        + " is corrupt, truncated or not an image: fix the row, or pass --skip-bad-images to leave it out");
        d.close();
        again.close();
    }

    @Test
    void tablesChangedWhileTheirCacheIsBuiltAreRefusedAndNothingIsKept() throws IOException {
        Path root = tmp.resolve("busy");
        table(root.resolve("data.parquet"), NAMED, List.of(new Row(ImageFolders.noise(8, 8, 1), "png", "a"),
                new Row(ImageFolders.noise(8, 8, 2), "png", "b"), new Row(ImageFolders.noise(8, 8, 3), "png", "a"),
                new Row(ImageFolders.noise(8, 8, 4), "png", "b"), new Row(ImageFolders.noise(8, 8, 5), "png", "a")));
        // a writer adds a table while the images are decoded (after the first one is written)
        io.distill4j.progress.Progress writing = (name, total, unit) -> new io.distill4j.progress.Progress.Task() {
            @Override
            public void advance(long units) {
                try {
                    if (!Files.exists(root.resolve("late.parquet"))) {
                        table(root.resolve("late.parquet"), NAMED, List.of(new Row(ImageFolders.noise(8, 8, 6), "png", "b")));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void close() {}
        };
        FolderOptions options = FolderOptions.of(root, 8).withThreads(2).withTestSplit(0.4, 1);
        assertThatThrownBy(() -> ParquetImages.open(options, new java.io.PrintStream(new ByteArrayOutputStream()), writing))
                .isInstanceOf(BadInputException.class)
                .hasMessage("Parquet dataset " + root + " changed while its cache was being built: wait until nothing writes to it,"
                        + " then run again");
        assertThat(root.resolve(ImageFolderDataset.CACHE_FOLDER)).doesNotExist();
        assertThat(ParquetImages.open(options).train().size() + ParquetImages.open(options).test().size()).isEqualTo(6);
    }
}
