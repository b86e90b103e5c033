package io.distill4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.data.ArrayPixelStore;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.Normalization;
import io.distill4j.data.PixelStore;
import io.distill4j.data.Split;
import io.distill4j.data.SyntheticCifar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelStoreTest {
    private static final int SIDE = 11;
    private static final int BYTES = 3 * SIDE * SIDE;
    private static final int N = 23;

    @TempDir Path tmp;

    private final byte[] pixels = new byte[N * BYTES];
    private final int[] labels = new int[N];

    PixelStoreTest() {
        Random rng = new Random(5);
        rng.nextBytes(pixels);
        for (int i = 0; i < N; i++) {
            labels[i] = rng.nextInt(4);
        }
    }

    private Path file(int offset) throws IOException {
        byte[] content = new byte[offset + pixels.length + 7];
        System.arraycopy(pixels, 0, content, offset, pixels.length);
        return Files.write(tmp.resolve("px" + offset), content);
    }

    @Test
    void mappedAndFileStoresReadWhatTheArrayStoreHolds() throws IOException {
        ImageSet memory = ImageSet.of(new ArrayPixelStore(pixels, BYTES), labels, SIDE, 4);
        MappedPixelStore oneChunk = MappedPixelStore.open(file(5), 5, N, BYTES);
        MappedPixelStore chunked = MappedPixelStore.open(file(9), 9, N, BYTES, 4, null);
        assertThat(oneChunk.mappings()).isEqualTo(1);
        assertThat(chunked.mappings()).isEqualTo(6);
        FilePixelStore pread = FilePixelStore.open(file(3), 3, N, BYTES);
        for (PixelStore store : new PixelStore[] {oneChunk, chunked, pread}) {
            ImageSet other = ImageSet.of(store, labels, SIDE, 4);
            assertThat(other).isEqualTo(memory);
            assertThat(other.pixels()).isEqualTo(pixels);
            assertThat(Normalization.of(other).mean()).containsExactly(Normalization.of(memory).mean());
            assertThat(Normalization.of(other).std()).containsExactly(Normalization.of(memory).std());
            assertThat(store.totalBytes()).isEqualTo(pixels.length);
        }
    }

    @Test
    void aReadInterruptedByItsThreadDoesNotBreakTheStoreForLaterReads() throws IOException {
        FilePixelStore store = FilePixelStore.open(file(0), 0, N, BYTES);
        byte[] img = new byte[BYTES];
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> store.read(3, img, 0)).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(Thread.interrupted()).isTrue();
        store.read(3, img, 0);
        assertThat(img).isEqualTo(java.util.Arrays.copyOfRange(pixels, 3 * BYTES, 4 * BYTES));
    }

    @Test
    void aClosedDatasetReleasesItsFileAndItsViewsReadNoMore() throws IOException {
        FilePixelStore store = FilePixelStore.open(file(0), 0, N, BYTES);
        ImageSet all = ImageSet.of(store, labels, SIDE, 4);
        Dataset data = new Dataset("file", all.head(N - 2), all.subset(new int[] {N - 2, N - 1}),
                List.of("a", "b", "c", "d"), "f", List.of(), null);
        byte[] img = new byte[BYTES];
        store.read(1, img, 0);
        data.close();
        assertThatThrownBy(() -> store.read(1, img, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after their dataset was closed");
        data.close(); // closing again does nothing
        MappedPixelStore mapped = MappedPixelStore.open(file(0), 0, N, BYTES);
        mapped.read(1, img, 0);
        mapped.close();
        assertThatThrownBy(() -> mapped.read(1, img, 0)).as("a mapped store drops its mappings")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after their dataset was closed");
        // a dataset in memory has nothing to release
        ImageSet memory = ImageSet.of(new ArrayPixelStore(pixels, BYTES), labels, SIDE, 4);
        try (Dataset inMemory = new Dataset("m", memory.head(N - 2), memory.subset(new int[] {N - 1}),
                List.of("a", "b", "c", "d"), "m", List.of(), null)) {
            assertThat(inMemory.train().size()).isEqualTo(N - 2);
        }
        assertThat(memory.pixels()).isEqualTo(pixels);
    }

    @Test
    void subsetsSplitsAndHeadsAreViewsOverTheSameStore() {
        ArrayPixelStore store = new ArrayPixelStore(pixels, BYTES);
        ImageSet all = ImageSet.of(store, labels, SIDE, 4);
        ImageSet picked = all.subset(new int[] {7, 2, 19});
        ImageSet nested = picked.subset(new int[] {2, 0});
        assertThat(nested.store()).isSameAs(store);
        assertThat(nested.image(0)).isEqualTo(all.image(19));
        assertThat(nested.image(1)).isEqualTo(all.image(7));
        assertThat(nested.labels()).containsExactly(labels[19], labels[7]);
        Split split = Split.holdOut(all, 0.3, 1);
        assertThat(split.train().store()).isSameAs(store);
        assertThat(split.validation().store()).isSameAs(store);
        assertThat(split.train().size() + split.validation().size()).isEqualTo(N);
        ImageSet head = split.train().head(3);
        assertThat(head.store()).isSameAs(store);
        assertThat(head.image(2)).isEqualTo(split.train().image(2));
        assertThat(head.side()).isEqualTo(SIDE);
        assertThat(head.classes()).isEqualTo(4);
    }

    @Test
    void syntheticDataComesAtAnySideAndClassCount() {
        Dataset d = new SyntheticCifar(3, 17, 5).generate(20, 10);
        assertThat(d.imageSide()).isEqualTo(17);
        assertThat(d.classNames()).containsExactly("class-0", "class-1", "class-2", "class-3", "class-4");
        assertThat(d.train().imageBytes()).isEqualTo(3 * 17 * 17);
        assertThat(new SyntheticCifar(3).generate(10, 10).train())
                .as("the default is unchanged by the generalisation")
                .isEqualTo(new SyntheticCifar(3, 32, 10).generate(10, 10).train());
    }
}
