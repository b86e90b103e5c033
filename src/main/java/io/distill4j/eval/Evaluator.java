package io.distill4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.distill4j.data.BatchSource;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.Classifier;
import io.distill4j.model.EvaluationBatch;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/** Scores a network in inference mode (running statistics, no dropout, no augmentation). */
public final class Evaluator {
    /** Most images in one evaluation batch ({@link EvaluationBatch#MAX_BATCH}). */
    public static final int MAX_BATCH = EvaluationBatch.MAX_BATCH;

    private Evaluator() {}

    /**
     * @param spec the model's layers, at the side they see
     * @return images per evaluation batch of that topology ({@link EvaluationBatch#of(ConvNetSpec)})
     */
    public static int batchSize(ConvNetSpec spec) {
        return EvaluationBatch.of(spec);
    }

    /**
     * @param classifier a model
     * @return its evaluation batch ({@link Classifier#evaluationBatch()})
     */
    public static int batchSize(Classifier classifier) {
        return classifier.evaluationBatch();
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
    public static Score score(Classifier network, BatchSource source, NDManager manager) {
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
