package io.distill4j.data.images;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Measures the image cache at scale (not a test: run by hand, see docs/images.md). {@code write FILE
 * GB [SIDE]} writes a cache of that many gigabytes of synthetic images with the real writer; {@code
 * open FILE} times {@link ImageCacheFile#open} and the first read of one image (which checks its
 * chunk); {@code fullpass FILE} times one CRC32C pass over all pixels as version 1 ran at every open;
 * {@code readall FILE} reads every image once (every chunk checked on the way).
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) io.distill4j.data.images.CacheScale write /tmp/c.u8 15</pre>
 */
public final class CacheScale {
    private CacheScale() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        long t0 = System.nanoTime();
        switch (args[0]) {
            case "write" -> write(file, Double.parseDouble(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 224);
            case "open" -> {
                ImageCacheFile.Contents c = ImageCacheFile.open(file);
                double open = seconds(t0);
                long t1 = System.nanoTime();
                byte[] image = new byte[c.pixels().imageBytes()];
                c.pixels().read(c.header().count() / 2, image, 0);
                System.out.printf(Locale.ROOT, "open %.3f s (%d images, %d chunks, %s); first read of one image %.3f s%n",
                        open, c.header().count(), c.header().chunks(), c.pixels().getClass().getSimpleName(), seconds(t1));
                c.pixels().close();
            }
            case "fullpass" -> {
                ImageCacheFile.Header h = ImageCacheFile.peek(file);
                long from = h.encode().length;
                System.out.printf(Locale.ROOT, "CRC32C of %.2f GB of pixels (%08x) in %.1f s%n", h.pixelBytes() / 1e9,
                        fullPass(file, from, from + h.pixelBytes()), seconds(t0));
            }
            case "readall" -> {
                ImageCacheFile.Contents c = ImageCacheFile.open(file);
                byte[] image = new byte[c.pixels().imageBytes()];
                for (int i = 0; i < c.header().count(); i++) {
                    c.pixels().read(i, image, 0);
                }
                System.out.printf(Locale.ROOT, "read all %d images (every chunk checked) in %.1f s%n", c.header().count(), seconds(t0));
                c.pixels().close();
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void write(Path file, double gigabytes, int side) throws Exception {
        int bytes = 3 * side * side;
        int count = (int) (gigabytes * 1e9 / bytes);
        long t0 = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(1);
        byte[] image = new byte[bytes];
        ByteBuffer longs = ByteBuffer.wrap(image);
        try (ImageCacheWriter w = new ImageCacheWriter(file, side, List.of("a", "b", "c", "d"), "synthetic")) {
            for (int i = 0; i < count; i++) {
                longs.clear();
                while (longs.remaining() >= 8) {
                    longs.putLong(rng.nextLong());
                }
                w.add(image, i % 4);
            }
            w.finish(count - count / 10, List.of());
        }
        System.out.printf(Locale.ROOT, "wrote %d images of %d px (%.2f GB) in %.1f s%n", count, side,
                (double) count * bytes / 1e9, seconds(t0));
    }

    /** The data pass version 1 ran at every open: 4 MiB reads into a direct buffer, CRC32C over them. */
    private static int fullPass(Path file, long from, long to) throws Exception {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long position = from; position < to; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), to - position));
                int n = ch.read(buf, position);
                buf.flip();
                crc.update(buf);
                position += n;
            }
        }
        return (int) crc.getValue();
    }
}
