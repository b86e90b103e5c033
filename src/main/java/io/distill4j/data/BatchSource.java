package io.distill4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * Turns an in-memory {@link ImageSet} into normalized libtorch batches. Bytes of one batch are
 * gathered into a single direct buffer; conversion, augmentation (pad 4 + random 32×32 crop +
 * horizontal flip, per sample, as two {@code gather}s over the whole batch) and normalization run
 * inside libtorch. Shuffling and augmentation are seeded per epoch, so epoch {@code e} of a run is
 * reproducible on its own (resumed runs see the same batches).
 */
public final class BatchSource {
    private static final int PAD = 4;

    private final ImageSet images;
    private final Normalization normalization;
    private final int batchSize;
    private final ByteBuffer staging;

    /**
     * @param images the images served
     * @param normalization statistics of the training split
     * @param batchSize images per batch (the last batch of an epoch may be smaller)
     */
    public BatchSource(ImageSet images, Normalization normalization, int batchSize) {
        if (batchSize <= 0) {
            throw new io.distill4j.BadInputException("batch size must be positive, got " + batchSize);
        }
        this.images = images;
        this.normalization = normalization;
        this.batchSize = batchSize;
        this.staging = ByteBuffer.allocateDirect(batchSize * ImageSet.IMAGE_BYTES).order(ByteOrder.nativeOrder());
    }

    /** @return the images served */
    public ImageSet images() {
        return images;
    }

    /** @return the batch size */
    public int batchSize() {
        return batchSize;
    }

    /** @return batches per epoch */
    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /**
     * @param seed the run's data seed
     * @param epoch 1-based epoch
     * @return the image order of that epoch, a seeded permutation
     */
    public int[] epochOrder(long seed, int epoch) {
        return Split.shuffledIndices(images.size(), new Random(mix(seed, epoch, 1)));
    }

    /**
     * @param seed the run's data seed
     * @param epoch 1-based epoch
     * @return the generator of that epoch's crop offsets and flips
     */
    public static Random augmentationRandom(long seed, int epoch) {
        return new Random(mix(seed, epoch, 2));
    }

    /**
     * @param seed the run's data seed
     * @param epoch 1-based epoch
     * @return the seed of libtorch's generator (dropout) for that epoch
     */
    public static int epochSeed(long seed, int epoch) {
        long h = mix(seed, epoch, 3);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long seed, int epoch, int stream) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + stream;
        return h ^ (h >>> 31);
    }

    /**
     * @param manager owner of the returned arrays (close it after the step)
     * @param order image order of the epoch
     * @param batch 0-based batch index
     * @param augment whether to crop and flip
     * @param rng source of crop offsets and flips (consumed only when augmenting)
     * @return images {@code (n, 3, 32, 32)} float32 normalized, and labels {@code (n)} int64
     */
    public Batch batch(NDManager manager, int[] order, int batch, boolean augment, Random rng) {
        int from = batch * batchSize;
        int to = Math.min(order.length, from + batchSize);
        return load(manager, Arrays.copyOfRange(order, from, to), augment, rng);
    }

    /**
     * @param manager owner of the returned arrays
     * @param indices images to load, in order
     * @param augment whether to crop and flip
     * @param rng source of crop offsets and flips
     * @return the batch
     */
    public Batch load(NDManager manager, int[] indices, boolean augment, Random rng) {
        int n = indices.length;
        staging.clear();
        long[] labels = new long[n];
        byte[] px = images.pixels();
        for (int k = 0; k < n; k++) {
            staging.put(px, indices[k] * ImageSet.IMAGE_BYTES, ImageSet.IMAGE_BYTES);
            labels[k] = images.label(indices[k]);
        }
        staging.flip();
        int side = ImageSet.SIDE;
        NDArray x;
        try (NDArray raw = manager.create(staging, new Shape(n, 3, side, side), DataType.UINT8)) {
            x = raw.toType(DataType.FLOAT32, true);
        }
        if (augment) {
            x = cropAndFlip(manager, x, rng);
        }
        NDArray mean = manager.create(normalization.mean(), new Shape(1, 3, 1, 1));
        NDArray std = manager.create(normalization.std(), new Shape(1, 3, 1, 1));
        x.subi(mean).divi(std);
        return new Batch(x, manager.create(labels));
    }

    private static NDArray cropAndFlip(NDManager manager, NDArray x, Random rng) {
        int n = (int) x.getShape().get(0);
        int side = ImageSet.SIDE;
        int padded = side + 2 * PAD;
        long[] rows = new long[n * side];
        long[] cols = new long[n * side];
        for (int k = 0; k < n; k++) {
            int dy = rng.nextInt(2 * PAD + 1);
            int dx = rng.nextInt(2 * PAD + 1);
            boolean flip = rng.nextBoolean();
            for (int i = 0; i < side; i++) {
                rows[k * side + i] = dy + i;
                cols[k * side + i] = flip ? dx + side - 1 - i : dx + i;
            }
        }
        NDArray pad = x.pad(new Shape(PAD, PAD, PAD, PAD), 0);
        NDArray rowIndex = manager.create(rows, new Shape(n, 1, side, 1)).broadcast(new Shape(n, 3, side, padded));
        NDArray cropped = pad.gather(rowIndex, 2);
        NDArray colIndex = manager.create(cols, new Shape(n, 1, 1, side)).broadcast(new Shape(n, 3, side, side));
        return cropped.gather(colIndex, 3);
    }

    /**
     * One batch in libtorch.
     *
     * @param images {@code (n, 3, 32, 32)} float32, normalized
     * @param labels {@code (n)} int64
     */
    public record Batch(NDArray images, NDArray labels) {
        /** @return the number of images */
        public int size() {
            return (int) labels.size();
        }
    }
}
