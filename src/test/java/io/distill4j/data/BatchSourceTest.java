package io.distill4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.data.images.MappedPixelStore;
import io.distill4j.engine.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchSourceTest {
    private static final int SIDE = ImageSet.SIDE;

    @TempDir Path tmp;

    private static ImageSet gradientImages(int n) {
        return randomImages(n, SIDE);
    }

    private static ImageSet randomImages(int n, int side) {
        byte[] px = new byte[n * 3 * side * side];
        byte[] labels = new byte[n];
        Random rng = new Random(7);
        rng.nextBytes(px);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        return new ImageSet(px, labels, side, 10);
    }

    /** The same images, memory-mapped from a file at an offset. */
    private ImageSet mapped(ImageSet images) throws IOException {
        Path file = tmp.resolve("pixels.bin");
        byte[] px = images.pixels();
        byte[] withHeader = new byte[px.length + 13];
        System.arraycopy(px, 0, withHeader, 13, px.length);
        Files.write(file, withHeader);
        PixelStore store = MappedPixelStore.open(file, 13, images.size(), images.imageBytes(), 2, null);
        return ImageSet.of(store, images.labels(), images.side(), images.classes());
    }

    /**
     * Reference in plain Java: pad 4 with zeros, crop at (dy, dx), flip, normalize; at the CIFAR
     * side, at 64 and at an odd 17, from memory and from a mapped file.
     */
    @ParameterizedTest
    @CsvSource({"32, false", "64, false", "17, false", "17, true", "64, true"})
    void augmentationEqualsPaddedCropAndFlipComputedInJava(int side, boolean fromFile) throws IOException {
        ImageSet inMemory = randomImages(6, side);
        ImageSet images = fromFile ? mapped(inMemory) : inMemory;
        byte[] pixels = inMemory.pixels();
        int imageBytes = 3 * side * side;
        Normalization norm = new Normalization(new float[] {10, 20, 30}, new float[] {2, 4, 8});
        BatchSource source = new BatchSource(images, norm, 6);
        int[] order = {5, 0, 3, 1, 4, 2};
        try (PointerScope scope = new PointerScope()) {
            BatchSource.Batch batch = source.batch(order, 0, true, new Random(42));
            assertThat(batch.images().shape()).containsExactly(6, 3, side, side);
            float[] got = Tensors.toFloats(batch.images());
            assertThat(Tensors.toLongs(batch.labels())).containsExactly(5, 0, 3, 1, 4, 2);
            Random replay = new Random(42);
            for (int k = 0; k < order.length; k++) {
                int dy = replay.nextInt(9);
                int dx = replay.nextInt(9);
                boolean flip = replay.nextBoolean();
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < side; i++) {
                        for (int j = 0; j < side; j++) {
                            int y = dy + i - 4;
                            int x = (flip ? dx + side - 1 - j : dx + j) - 4;
                            double raw = y < 0 || y >= side || x < 0 || x >= side ? 0
                                    : pixels[order[k] * imageBytes + (c * side + y) * side + x] & 0xFF;
                            double expected = (raw - norm.mean()[c]) / norm.std()[c];
                            assertThat((double) got[((k * 3 + c) * side + i) * side + j]).isCloseTo(expected, within(1e-4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aBatchKeepsItsValuesWhenTheNextOneIsBuilt() {
        ImageSet images = gradientImages(4);
        BatchSource source = new BatchSource(images, new Normalization(new float[] {1, 2, 3}, new float[] {1, 1, 1}), 2);
        try (PointerScope scope = new PointerScope()) {
            BatchSource.Batch first = source.batch(new int[] {0, 1, 2, 3}, 0, false, new Random(1));
            float[] before = Tensors.toFloats(first.images());
            source.batch(new int[] {0, 1, 2, 3}, 1, false, new Random(1));
            assertThat(Tensors.toFloats(first.images())).containsExactly(before);
        }
    }

    @Test
    void skippingTheBatchesBeforeOneGivesThatBatchItsCropsAndFlips() {
        ImageSet images = gradientImages(23);
        BatchSource source = new BatchSource(images, new Normalization(new float[] {1, 2, 3}, new float[] {2, 2, 2}), 5);
        int[] order = source.epochOrder(11, 3);
        Random inOrder = BatchSource.augmentationRandom(11, 3);
        for (int b = 0; b < source.batchesPerEpoch(); b++) {
            try (PointerScope scope = new PointerScope()) {
                float[] expected = Tensors.toFloats(source.batch(order, b, true, inOrder).images());
                Random skipped = BatchSource.augmentationRandom(11, 3);
                BatchSource.skipAugmentation(skipped, b * source.batchSize());
                assertThat(Tensors.toFloats(source.batch(order, b, true, skipped).images())).as("batch %d", b)
                        .containsExactly(expected);
            }
        }
    }

    @Test
    void withoutAugmentationImagesAreOnlyNormalized() {
        ImageSet images = gradientImages(3);
        Normalization norm = new Normalization(new float[] {1, 2, 3}, new float[] {5, 5, 5});
        BatchSource source = new BatchSource(images, norm, 2);
        assertThat(source.batchesPerEpoch()).isEqualTo(2);
        try (PointerScope scope = new PointerScope()) {
            BatchSource.Batch last = source.batch(new int[] {0, 1, 2}, 1, false, null);
            assertThat(last.size()).isEqualTo(1);
            float[] got = Tensors.toFloats(last.images());
            byte[] third = images.image(2);
            for (int p = 0; p < ImageSet.IMAGE_BYTES; p++) {
                int c = p / (SIDE * SIDE);
                double expected = ((third[p] & 0xFF) - norm.mean()[c]) / 5.0;
                assertThat((double) got[p]).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    void epochOrderIsASeededPermutationThatChangesPerEpoch() {
        BatchSource source = new BatchSource(gradientImages(50), new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1}), 8);
        int[] e1 = source.epochOrder(3, 1);
        assertThat(e1).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 50).toArray());
        assertThat(source.epochOrder(3, 1)).isEqualTo(e1);
        assertThat(source.epochOrder(3, 2)).isNotEqualTo(e1);
        assertThat(source.epochOrder(4, 1)).isNotEqualTo(e1);
    }
}
