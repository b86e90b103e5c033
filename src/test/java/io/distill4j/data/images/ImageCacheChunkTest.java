package io.distill4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.data.PixelStore;
import io.distill4j.data.SkippedImage;
import io.distill4j.data.folder.FolderOptions;
import io.distill4j.data.folder.ImageFolderDataset;
import io.distill4j.data.folder.ImageFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image cache's chunk checksums: {@link ImageCacheFile#open} checks everything but the pixels,
 * each chunk of pixels is checked on its first read (by the mapped and the positional store alike),
 * and a corrupt chunk fails only the reads of its own images, with the file, chunk and fix named.
 */
class ImageCacheChunkTest {
    private static final int SIDE = 4;
    private static final int BYTES = 3 * SIDE * SIDE;
    private static final int N = 10;
    private static final int PER_CHUNK = 3;

    @TempDir Path tmp;

    private final byte[][] images = new byte[N][BYTES];

    ImageCacheChunkTest() {
        Random rng = new Random(11);
        for (byte[] image : images) {
            rng.nextBytes(image);
        }
    }

    /** @return a cache of {@link #N} images, {@link #PER_CHUNK} per chunk (4 chunks, the last of one image) */
    private Path cache(String name) throws IOException {
        Path file = tmp.resolve(name);
        try (ImageCacheWriter w = new ImageCacheWriter(file, SIDE, List.of("a", "b", "c"), "fp", PER_CHUNK)) {
            for (int i = 0; i < N; i++) {
                w.add(images[i], i % 3);
            }
            w.finish(7, List.of(new SkippedImage("x.txt", "not an image")));
        }
        return file;
    }

    private static int pixelsAt(Path file) throws IOException {
        return ImageCacheFile.peek(file).encode().length;
    }

    private static void flip(Path file, long at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) at] ^= 0x40;
        Files.write(file, bytes);
    }

    private static byte[] read(PixelStore store, int index) {
        byte[] out = new byte[BYTES];
        store.read(index, out, 0);
        return out;
    }

    @Test
    void aCorruptPixelChunkFailsOnlyTheReadsOfItsImagesInBothStores() throws IOException {
        for (long mapLimit : new long[] {ImageCacheFile.MAP_LIMIT, 0}) {
            Path file = cache("flip" + mapLimit + ".u8");
            flip(file, pixelsAt(file) + 4L * BYTES + 5); // image 4, chunk 1 (images 3–5)
            ImageCacheFile.Contents c = ImageCacheFile.open(file, mapLimit);
            assertThat(c.pixels()).isInstanceOf(mapLimit == 0 ? FilePixelStore.class : MappedPixelStore.class);
            ChunkChecksums checks = ((FileBackedPixelStore) c.pixels()).checks();
            assertThat(checks.checkedChunks()).as("open reads no pixels").isZero();
            assertThat(c.header().count()).isEqualTo(N);
            assertThat(c.header().trainCount()).isEqualTo(7);
            assertThat(c.header().chunks()).isEqualTo(4);
            assertThat(c.labels()).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
            assertThat(read(c.pixels(), 7)).isEqualTo(images[7]);
            assertThat(checks.checkedChunks()).isEqualTo(1);
            assertThat(read(c.pixels(), 0)).isEqualTo(images[0]);
            assertThat(read(c.pixels(), 9)).isEqualTo(images[9]);
            assertThat(checks.checkedChunks()).isEqualTo(3);
            for (int i : new int[] {3, 4, 5}) {
                assertThatThrownBy(() -> read(c.pixels(), i)).isInstanceOf(BadInputException.class)
                        .hasMessage("image cache " + file + " is corrupt: chunk 1 of its pixels (images 3–5, read for image " + i
                                + ") does not match its checksum: delete the file and run again to decode the images anew");
            }
            assertThat(checks.checkedChunks()).isEqualTo(3);
            c.pixels().close();
        }
    }

    @Test
    void everyChunkIsCheckedOnceWhenManyThreadsReadAtOnce() throws Exception {
        Path file = cache("threads.u8");
        for (long mapLimit : new long[] {ImageCacheFile.MAP_LIMIT, 0}) {
            ImageCacheFile.Contents c = ImageCacheFile.open(file, mapLimit);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> all = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    all.add(pool.submit(() -> {
                        boolean same = true;
                        for (int i = N - 1; i >= 0; i--) {
                            same &= Arrays.equals(read(c.pixels(), i), images[i]);
                        }
                        return same;
                    }));
                }
                for (Future<Boolean> f : all) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(((FileBackedPixelStore) c.pixels()).checks().checkedChunks()).isEqualTo(4);
            c.pixels().close();
        }
    }

    @Test
    void aFlippedByteOutsideThePixelsOrATruncationIsRefusedAtOpen() throws IOException {
        Path good = cache("good.u8");
        byte[] bytes = Files.readAllBytes(good);
        int labelsAt = pixelsAt(good) + N * BYTES;
        int tableAt = bytes.length - ImageCacheFile.TRAILER_BYTES - 4 * 4;
        record Case(String what, long at, String message) {}
        for (Case k : List.of(new Case("header", 20, "header"), new Case("fingerprint", pixelsAt(good) - 1, "header checksum"),
                new Case("label", labelsAt + 4 * 6 + 3, "labels and skipped files"),
                new Case("skipped list", tableAt - 3, "labels and skipped files"),
                new Case("chunk table", tableAt + 4 * 2 + 1, "table of chunk checksums"))) {
            Path file = cache(k.what() + ".u8");
            flip(file, k.at());
            assertThatThrownBy(() -> ImageCacheFile.open(file)).as(k.what()).isInstanceOf(IOException.class)
                    .hasMessageContaining(k.message());
        }
        for (int cut : new int[] {1, ImageCacheFile.TRAILER_BYTES, bytes.length - labelsAt, bytes.length - 10}) {
            Path file = Files.write(tmp.resolve("cut" + cut + ".u8"), Arrays.copyOf(bytes, bytes.length - cut));
            assertThatThrownBy(() -> ImageCacheFile.open(file)).isInstanceOf(IOException.class)
                    .hasMessageMatching("it (is truncated|has \\d+ bytes).*");
        }
    }

    @Test
    void aCacheOfTheFormerVersionIsRebuiltWithANote() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("v1"), 2, 3);
        FolderOptions options = FolderOptions.of(root, 8);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ImageFolderDataset first = ImageFolderDataset.open(options, new PrintStream(console, true, StandardCharsets.UTF_8));
        byte[] pixels = first.dataset().train().pixels();
        byte[] v2 = Files.readAllBytes(first.cacheFile());
        first.dataset().close();
        byte[] v1 = v2.clone();
        ByteBuffer.wrap(v1).putInt(ImageCacheFile.MAGIC.length, 1);
        Files.write(first.cacheFile(), v1);
        assertThatThrownBy(() -> ImageCacheFile.open(first.cacheFile())).isInstanceOf(IOException.class)
                .hasMessage("it has format version 1, not 2 (written by an older distill4j)");
        ImageFolderDataset again = ImageFolderDataset.open(options, new PrintStream(console, true, StandardCharsets.UTF_8));
        assertThat(again.built()).isTrue();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("note: the image cache " + first.cacheFile()
                + " is unusable (it has format version 1, not 2 (written by an older distill4j)); decoding the images again");
        assertThat(again.dataset().train().pixels()).isEqualTo(pixels);
        assertThat(Files.readAllBytes(again.cacheFile())).isEqualTo(v2);
    }

    @Test
    void aFolderWhoseCachedPixelsRotFailsOnReadingThemAndIsRebuiltOnceTheFileIsDeleted() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("rot"), 2, 3);
        FolderOptions options = FolderOptions.of(root, 8).withTestSplit(0.5, 1);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        ImageFolderDataset first = ImageFolderDataset.open(options, quiet);
        byte[] train = first.dataset().train().pixels();
        first.dataset().close();
        Path file = first.cacheFile();
        flip(file, pixelsAt(file) + 7);
        ImageFolderDataset rotten = ImageFolderDataset.open(options, quiet);
        assertThat(rotten.built()).as("the pixels are not read at open").isFalse();
        assertThatThrownBy(() -> rotten.dataset().train().pixels()).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("image cache " + file + " is corrupt: chunk 0 of its pixels")
                .hasMessageEndingWith("delete the file and run again to decode the images anew");
        rotten.dataset().close();
        Files.delete(file);
        ImageFolderDataset rebuilt = ImageFolderDataset.open(options, quiet);
        assertThat(rebuilt.built()).isTrue();
        assertThat(rebuilt.dataset().train().pixels()).isEqualTo(train);
    }
}
