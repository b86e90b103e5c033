package io.distill4j.data.images;

import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.deleteTree;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.ImageSet;
import io.distill4j.data.PixelStore;
import io.distill4j.data.SkippedImage;
import io.distill4j.data.folder.FolderOptions;
import io.distill4j.data.folder.ImageFolderDataset;
import io.distill4j.data.folder.ImageFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the image cache file: any corruption (bytes changed anywhere, in the header, the
 * pixels, the labels, the skipped list, the chunk table or the trailer; the file cut short or
 * extended) is detected: by {@link ImageCacheFile#open} as an {@link IOException} unless it lies in
 * the pixels alone, which open does not read, and then by reading the images, as a {@link
 * BadInputException} naming the file; {@link ImageCacheFile#peek} never fails otherwise. A folder
 * whose cache is corrupted outside the pixels is decoded again to the very same images.
 */
class ImageCachePropertyTest {
    private static Path root;
    private static Path cache;
    private static byte[] good;
    private static byte[] goodPixels;
    private static int pixelsAt;
    private static int pixelsEnd;

    @BeforeContainer
    static void buildOnce() throws IOException {
        root = Files.createTempDirectory("cacheprop");
        ImageFolders.tree(root, 3, 3);
        Files.writeString(root.resolve("c2/skipped.txt"), "listed in the cache");
        ImageFolderDataset data = open();
        cache = data.cacheFile();
        good = Files.readAllBytes(cache);
        goodPixels = all(data);
        ImageCacheFile.Header header = ImageCacheFile.peek(cache);
        pixelsAt = header.encode().length;
        pixelsEnd = pixelsAt + (int) header.pixelBytes();
        data.dataset().close();
    }

    /** @return whether {@code bad} differs from the good file in its pixels only */
    private static boolean inPixelsOnly(byte[] bad) {
        return bad.length == good.length && Arrays.equals(bad, 0, pixelsAt, good, 0, pixelsAt)
                && Arrays.equals(bad, pixelsEnd, bad.length, good, pixelsEnd, good.length);
    }

    @AfterContainer
    static void cleanUp() {
        deleteTree(root);
    }

    private static ImageFolderDataset open() throws IOException {
        FolderOptions options = FolderOptions.of(root, 5).withThreads(1).withSkipBadImages(true).withTestSplit(0.34, 1);
        return ImageFolderDataset.open(options, new PrintStream(new ByteArrayOutputStream()));
    }

    private static byte[] all(ImageFolderDataset data) {
        byte[] train = data.dataset().train().pixels();
        byte[] test = data.dataset().test().pixels();
        byte[] both = Arrays.copyOf(train, train.length + test.length);
        System.arraycopy(test, 0, both, train.length, test.length);
        return both;
    }

    /** A corruption: {@code kind} at a position drawn from {@code seed}. */
    record Corruption(String kind, int count, long seed) {}

    @Provide
    Arbitrary<Corruption> corruptions() {
        return Combinators.combine(
                        Arbitraries.of("flip", "overwrite", "truncate", "extend", "header", "trailer"),
                        Arbitraries.integers().between(1, 8),
                        Arbitraries.longs())
                .as(Corruption::new);
    }

    static byte[] apply(Corruption c, byte[] bytes) {
        Random rng = new Random(c.seed());
        byte[] out = bytes.clone();
        switch (c.kind()) {
            case "flip" -> {
                for (int i = 0; i < c.count(); i++) {
                    out[rng.nextInt(out.length)] ^= (byte) (1 + rng.nextInt(255));
                }
            }
            case "overwrite" -> {
                int at = rng.nextInt(out.length);
                for (int i = at; i < Math.min(out.length, at + c.count() * 16); i++) {
                    out[i] = (byte) rng.nextInt(256);
                }
            }
            case "truncate" -> out = Arrays.copyOf(bytes, rng.nextInt(bytes.length));
            case "extend" -> {
                out = Arrays.copyOf(bytes, bytes.length + c.count());
                for (int i = bytes.length; i < out.length; i++) {
                    out[i] = (byte) rng.nextInt(256);
                }
            }
            case "header" -> out[rng.nextInt(64)] ^= (byte) (1 + rng.nextInt(255));
            case "trailer" -> out[out.length - 1 - rng.nextInt(ImageCacheFile.TRAILER_BYTES)] ^= (byte) (1 + rng.nextInt(255));
            default -> throw new IllegalArgumentException(c.kind());
        }
        return out;
    }

    @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.MIXIN)
    void everyCorruptionIsDetected(@ForAll("corruptions") Corruption c) throws IOException {
        byte[] bad = apply(c, good);
        if (Arrays.equals(bad, good)) {
            return; // an overwrite that drew the same bytes changes nothing
        }
        Path file = Files.createTempFile("corrupt", ".u8");
        try {
            Files.write(file, bad);
            Statistics.label("kind").collect(c.kind());
            Object opened = withTimeout(() -> ImageCacheFile.open(file));
            if (inPixelsOnly(bad)) {
                assertThat(opened).as("open reads no pixels").isInstanceOf(ImageCacheFile.Contents.class);
                ImageCacheFile.Contents contents = (ImageCacheFile.Contents) opened;
                PixelStore pixels = contents.pixels();
                Object read = withTimeout(() -> ImageSet.of(pixels, contents.labels(), contents.header().side(),
                        contents.header().classNames().size()).pixels());
                pixels.close();
                assertThat(read).as("corruption %s is detected on reading", c).isInstanceOf(io.distill4j.BadInputException.class);
                assertThat(((Exception) read).getMessage()).startsWith("image cache " + file + " is corrupt: chunk 0");
            } else {
                assertThat(opened).as("corruption %s is detected", c).isInstanceOf(IOException.class);
            }
            Object peeked = withTimeout(() -> ImageCacheFile.peek(file));
            assertThat(peeked).isInstanceOfAny(IOException.class, ImageCacheFile.Header.class);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 25, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.MIXIN)
    void aCorruptedCacheIsRebuiltToTheSameImages(@ForAll("corruptions") Corruption c) throws IOException {
        byte[] bad = apply(c, good);
        if (inPixelsOnly(bad) && !Arrays.equals(bad, good)) {
            return; // found on reading (above), and rebuilt once the file is deleted (ImageCacheChunkTest)
        }
        Files.write(cache, bad);
        ImageFolderDataset again = open();
        assertThat(again.built()).isEqualTo(!Arrays.equals(bad, good));
        assertThat(all(again)).isEqualTo(goodPixels);
        assertThat(again.skipped()).extracting(SkippedImage::relative).isEqualTo(List.of("c2/skipped.txt"));
        assertThat(Files.readAllBytes(again.cacheFile())).isEqualTo(good);
        again.dataset().close();
    }
}
