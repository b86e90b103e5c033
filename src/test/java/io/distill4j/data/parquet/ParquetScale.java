package io.distill4j.data.parquet;

import io.distill4j.data.Dataset;
import io.distill4j.data.folder.FolderOptions;
import io.distill4j.progress.Progress;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
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

/**
 * Measures Parquet input at scale (not a test: run by hand, see docs/images.md). {@code gen ROOT GB
 * [SIDE]} writes {@code ROOT/train/} (90 %) and {@code ROOT/test/} tables of that many gigabytes of
 * PNGs of noise (SIDE × SIDE, 200 distinct images cycled, 10 classes by name) in row groups of 256
 * MB, with parquet-hadoop's writer; {@code open ROOT SIDE THREADS} opens them as a dataset (building
 * the cache the first time) and says how long it took and whether it decoded.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) io.distill4j.data.parquet.ParquetScale gen /tmp/pq 3</pre>
 */
public final class ParquetScale {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message m { required binary image; required binary label (STRING); }");

    private ParquetScale() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        long t0 = System.nanoTime();
        if (args[0].equals("gen")) {
            generate(root, Double.parseDouble(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 512);
        } else {
            FolderOptions options = FolderOptions.of(root, Integer.parseInt(args[2])).withThreads(Integer.parseInt(args[3]));
            try (Dataset d = ParquetImages.open(options, new PrintStream(System.err), Progress.SILENT)) {
                System.out.printf(Locale.ROOT, "opened %d train + %d test images of %d px, %d classes, in %.1f s%n",
                        d.train().size(), d.test().size(), d.imageSide(), d.classCount(), (System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void generate(Path root, double gigabytes, int side) throws Exception {
        Random rng = new Random(3);
        List<byte[]> pngs = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < 200; i++) {
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    image.setRGB(x, y, rng.nextInt(1 << 24));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            pngs.add(out.toByteArray());
            bytes += out.size();
        }
        long rows = (long) (gigabytes * 1e9 / (bytes / 200.0));
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        long written = 0;
        for (int part = 0; written < rows; part++) {
            boolean test = written >= rows * 9 / 10;
            Path file = root.resolve(test ? "test" : "train").resolve(String.format(Locale.ROOT, "part-%05d.parquet", part));
            Files.createDirectories(file.getParent());
            long until = test ? rows : Math.min(rows * 9 / 10, written + rows * 3 / 10);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                    .withConf(new PlainParquetConfiguration()).withType(SCHEMA).withRowGroupSize(256L << 20).withDictionaryEncoding(false).build()) {
                for (; written < until; written++) {
                    Group g = groups.newGroup();
                    g.add("image", Binary.fromConstantByteArray(pngs.get((int) (written % pngs.size()))));
                    g.add("label", "class-" + (written % pngs.size()) % 10);
                    w.write(g);
                }
            }
            System.out.printf(Locale.ROOT, "%s: %.2f GB%n", file, Files.size(file) / 1e9);
        }
        System.out.printf(Locale.ROOT, "%d rows of %d px PNGs%n", rows, side);
    }
}
