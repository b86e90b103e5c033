package io.distill4j.eval;

import io.distill4j.cluster.Cluster;
import io.distill4j.data.BatchSource;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.Classifier;
import io.distill4j.model.Architecture;
import io.distill4j.model.EvaluationBatch;
import io.distill4j.progress.Progress;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Scores a network in inference mode (running statistics, no dropout, no augmentation). */
public final class Evaluator {
    /** Most images in one evaluation batch ({@link EvaluationBatch#MAX_BATCH}). */
    public static final int MAX_BATCH = EvaluationBatch.MAX_BATCH;

    private Evaluator() {}

    /**
     * @param spec the model's layers, at the side they see
     * @return images per evaluation batch of that topology ({@link Architecture#evaluationBatch()})
     */
    public static int batchSize(Architecture spec) {
        return spec.evaluationBatch();
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
     * @return loss and accuracy over every image of {@code source}
     */
    public static Score score(Classifier network, BatchSource source) {
        return score(network, source, Progress.Task.NONE);
    }

    /**
     * @param network the model
     * @param source the images, in stored order, without augmentation
     * @param task advanced by each batch's images
     * @return loss and accuracy over every image of {@code source}
     */
    public static Score score(Classifier network, BatchSource source, Progress.Task task) {
        return score(network, source, null, task);
    }

    /**
     * {@link #score(Classifier, BatchSource)} split over the processes of a job.
     *
     * @param network the model, the same on every process
     * @param source the images, in stored order, without augmentation
     * @param cluster the processes, or {@code null} for this one alone
     * @return loss and accuracy over every image of {@code source}, the same on every process
     */
    public static Score score(Classifier network, BatchSource source, Cluster cluster) {
        return score(network, source, cluster, Progress.Task.NONE);
    }

    /**
     * Mean cross-entropy and top-1 accuracy, split over the processes of a job: each scores every
     * {@code size}-th batch from its rank on, and the sums are added up over all of them.
     *
     * @param network the model, the same on every process
     * @param source the images, in stored order, without augmentation
     * @param cluster the processes, or {@code null} for this one alone
     * @param task advanced by the images this process scores ({@link #share})
     * @return loss and accuracy over every image of {@code source}, the same on every process
     */
    public static Score score(Classifier network, BatchSource source, Cluster cluster, Progress.Task task) {
        int n = source.images().size();
        if (n == 0) {
            return new Score(Double.NaN, Double.NaN, 0);
        }
        double[] sums = {0, 0};
        int[] order = IntStream.range(0, n).toArray();
        for (int b = cluster == null ? 0 : cluster.rank(); b < source.batchesPerEpoch(); b += cluster == null ? 1 : cluster.size()) {
            try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                BatchSource.Batch batch = source.batch(order, b, false, null).on(network.device());
                Tensor logits = network.forward(batch.images(), false);
                sums[0] += CrossEntropy.of(logits, batch.labels()).item_float() * batch.size();
                sums[1] += logits.argmax(new LongOptional(1), false).eq(batch.labels()).sum().item_long();
                task.advance(batch.size());
            }
        }
        double[] all = cluster == null ? sums : cluster.sum(sums);
        return new Score(all[0] / n, all[1] / n, n);
    }

    /**
     * @param source the images
     * @param cluster the processes, or {@code null}
     * @return how many of them this process scores in {@link #score(Classifier, BatchSource, Cluster, Progress.Task)}
     */
    public static long share(BatchSource source, Cluster cluster) {
        int[] order = IntStream.range(0, source.images().size()).toArray();
        long images = 0;
        for (int b = cluster == null ? 0 : cluster.rank(); b < source.batchesPerEpoch(); b += cluster == null ? 1 : cluster.size()) {
            images += source.size(order, b);
        }
        return images;
    }

    /**
     * Visits every batch of {@code source} in stored order, without augmentation and without
     * recording gradients, on the device a model runs on; each batch's tensors are freed after its
     * visit.
     *
     * @param source the images
     * @param device where the batches go
     * @param visit what to do with each batch
     */
    public static void forEachBatch(BatchSource source, ComputeDevice device, Consumer<BatchSource.Batch> visit) {
        forEachBatch(source, device, Progress.Task.NONE, visit);
    }

    /**
     * {@link #forEachBatch(BatchSource, ComputeDevice, Consumer)}, advancing {@code task} by each
     * batch's images once it is visited.
     *
     * @param source the images
     * @param device where the batches go
     * @param task the progress to advance
     * @param visit what to do with each batch
     */
    public static void forEachBatch(BatchSource source, ComputeDevice device, Progress.Task task,
            Consumer<BatchSource.Batch> visit) {
        int[] order = IntStream.range(0, source.images().size()).toArray();
        for (int b = 0; b < source.batchesPerEpoch(); b++) {
            try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                BatchSource.Batch batch = source.batch(order, b, false, null).on(device);
                visit.accept(batch);
                task.advance(batch.size());
            }
        }
    }
}
