package io.distill4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.distill4j.data.BatchSource;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.Network;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/** Scores a network in inference mode (running statistics, no dropout, no augmentation). */
public final class Evaluator {
    /** Most images in one evaluation batch: larger batches are no faster. */
    public static final int MAX_BATCH = 500;
    /**
     * Most bytes of float32 activations one evaluation batch may hold: 512 MiB. DJL keeps every
     * intermediate array of a forward pass until the batch's manager closes, so the batch is sized
     * by what the convolution stack produces, not by its input.
     */
    public static final long MAX_BATCH_BYTES = 512L << 20;

    private Evaluator() {}

    /**
     * The evaluation batch of a topology: as many images as fit {@link #MAX_BATCH_BYTES} of the
     * activations a forward pass keeps (input, then per convolution its output, batch-norm and ReLU
     * outputs, and the pooled map), at most {@link #MAX_BATCH}, at least 1. Memory follows the image
     * size: 500 images for {@code student-cnn} at 32×32, 16 at 224×224, 60 for {@code alexnet-227}.
     *
     * @param spec the model's layers, at the side they see
     * @return images per evaluation batch
     */
    public static int batchSize(ConvNetSpec spec) {
        long floats = 3L * spec.inputSide() * spec.inputSide();
        int side = spec.inputSide();
        int channels = 3;
        for (ConvNetSpec.Conv c : spec.convs()) {
            side = (side + 2 * c.padding() - c.kernel()) / c.stride() + 1;
            channels = c.filters();
            floats += 3L * channels * side * side;
            if (c.poolKernel() > 0) {
                side = (side - c.poolKernel()) / c.poolStride() + 1;
                floats += (long) channels * side * side;
            }
        }
        return (int) Math.max(1, Math.min(MAX_BATCH, MAX_BATCH_BYTES / (floats * Float.BYTES)));
    }

    /**
     * @param network a model
     * @return {@link #batchSize(ConvNetSpec)} of its layers
     */
    public static int batchSize(Network network) {
        return batchSize(network.spec());
    }

    /**
     * Mean cross-entropy against the labels and top-1 accuracy.
     *
     * @param loss mean cross-entropy
     * @param accuracy share of correct top-1 predictions, in [0, 1]
     * @param images images scored
     */
    public record Score(double loss, double accuracy, int images) {}

    /**
     * @param network the model
     * @param source the images, in stored order, without augmentation
     * @param manager parent manager for the batches' arrays (all freed before returning)
     * @return loss and accuracy over every image of {@code source}
     */
    public static Score score(Network network, BatchSource source, NDManager manager) {
        int n = source.images().size();
        if (n == 0) {
            return new Score(Double.NaN, Double.NaN, 0);
        }
        double[] lossSum = {0};
        long[] correct = {0};
        forEachBatch(source, manager, batch -> {
            NDArray logits = network.forward(batch.images(), false);
            lossSum[0] += CrossEntropy.of(logits, batch.labels()).getFloat() * batch.size();
            correct[0] += logits.argMax(1).eq(batch.labels()).sum().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
        });
        return new Score(lossSum[0] / n, (double) correct[0] / n, n);
    }

    /**
     * Visits every batch of {@code source} in stored order, without augmentation; each batch's
     * arrays are freed after its visit.
     *
     * @param source the images
     * @param manager parent manager of the batches' arrays
     * @param visit what to do with each batch
     */
    public static void forEachBatch(BatchSource source, NDManager manager, Consumer<BatchSource.Batch> visit) {
        int[] order = IntStream.range(0, source.images().size()).toArray();
        for (int b = 0; b < source.batchesPerEpoch(); b++) {
            try (NDManager m = manager.newSubManager()) {
                visit.accept(source.batch(m, order, b, false, null));
            }
        }
    }
}
