package io.distill4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.distill4j.data.BatchSource;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Classifier;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Evaluates a trained model on the test set in inference mode: confusion matrix (and so per-class
 * accuracy), top-1 agreement with the teacher and mean KL(teacher ‖ model) at T = 1, calibration
 * (15 equal-width confidence bins) and footprint. Tensor arithmetic runs in libtorch; only the
 * per-image confidences and outcomes are copied to Java for the calibration bins.
 */
public final class DeepEvaluation {
    private DeepEvaluation() {}

    /**
     * @param name the model's run name
     * @param network the model
     * @param teacher the teacher it was distilled from, or {@code null}; when it is {@code network}
     *     itself (or null) agreement and KL are {@code null}
     * @param test the test images, in stored order, without augmentation
     * @param classNames the dataset's class names in label order ({@code Dataset.classNames()})
     * @param footprint how to time the model
     * @param manager parent manager for the batches' arrays (all freed before returning)
     * @return the evaluation
     * @throws io.distill4j.BadInputException if {@code test} holds no image
     */
    public static ModelEvaluation evaluate(
            String name, Classifier network, Classifier teacher, BatchSource test, List<String> classNames,
            FootprintMeter.Settings footprint, NDManager manager) {
        if (teacher == null || teacher == network) {
            return evaluate(name, network, (NDArray) null, test, classNames, footprint, manager);
        }
        try (NDArray teacherLogits = teacherLogits(teacher, test, manager)) {
            return evaluate(name, network, teacherLogits, test, classNames, footprint, manager);
        }
    }

    /**
     * The evaluation labelled with CIFAR-10's class names for 10 classes, else {@code class 0, class 1, …}.
     *
     * @deprecated pass the dataset's class names ({@code Dataset.classNames()}) to
     *     {@link #evaluate(String, Classifier, NDArray, BatchSource, List, FootprintMeter.Settings, NDManager)};
     *     kept until the study does
     */
    @Deprecated(forRemoval = true)
    public static ModelEvaluation evaluate(
            String name, Classifier network, NDArray teacherLogits, BatchSource test, FootprintMeter.Settings footprint,
            NDManager manager) {
        int classes = network.inputShape().classes();
        List<String> names = classes == ModelManifest.CIFAR10_CLASSES.size() ? ModelManifest.CIFAR10_CLASSES
                : IntStream.range(0, classes).mapToObj(c -> "class " + c).toList();
        return evaluate(name, network, teacherLogits, test, names, footprint, manager);
    }

    /**
     * The teacher's test logits, computed once for the evaluation of every student.
     *
     * @param teacher the teacher
     * @param test the test images, in stored order, without augmentation
     * @param manager owner of the result
     * @return {@code (N, classes)} logits in the order of {@code test}
     */
    public static NDArray teacherLogits(Classifier teacher, BatchSource test, NDManager manager) {
        NDList parts = new NDList();
        Evaluator.forEachBatch(test, manager, batch -> {
            NDArray logits = teacher.forward(batch.images(), false);
            logits.attach(manager);
            parts.add(logits);
        });
        NDArray all = NDArrays.concat(parts);
        parts.close();
        return all;
    }

    /**
     * @param name the model's run name
     * @param network the model
     * @param teacherLogits the teacher's test logits from {@link #teacherLogits}, or {@code null}
     *     for no agreement and KL (the teacher itself)
     * @param test the test images, in stored order, without augmentation
     * @param classNames the dataset's class names in label order, one per output of {@code network}
     * @param footprint how to time the model
     * @param manager parent manager for the batches' arrays (all freed before returning)
     * @return the evaluation
     * @throws io.distill4j.BadInputException if {@code test} holds no image
     * @throws IllegalArgumentException if the network has another number of outputs
     */
    public static ModelEvaluation evaluate(
            String name, Classifier network, NDArray teacherLogits, BatchSource test, List<String> classNames,
            FootprintMeter.Settings footprint, NDManager manager) {
        if (classNames.size() != network.inputShape().classes()) {
            throw new IllegalArgumentException(name + " answers " + network.inputShape().classes() + " classes, but "
                    + classNames.size() + " class names were given");
        }
        int n = test.images().size();
        if (n == 0) {
            throw new io.distill4j.BadInputException("cannot evaluate " + name + " on an empty test set: give a dataset with test images");
        }
        boolean withTeacher = teacherLogits != null;
        Accumulator acc = new Accumulator(n, classNames.size());
        Evaluator.forEachBatch(test, manager, batch -> acc.add(batch, network, teacherLogits));
        return new ModelEvaluation(name, ConfusionMatrix.of(classNames, acc.confusion),
                withTeacher ? (double) acc.agree / n : null,
                withTeacher ? Math.max(0, acc.klSum / n) : null,
                Calibration.of(acc.confidences, acc.correct, Calibration.BINS),
                FootprintMeter.measure(network, footprint, manager));
    }

    /** Running totals over the test batches. */
    private static final class Accumulator {
        final double[] confidences;
        final boolean[] correct;
        final long[][] confusion;
        long agree;
        double klSum;
        int seen;

        Accumulator(int n, int classes) {
            confidences = new double[n];
            correct = new boolean[n];
            confusion = new long[classes][classes];
        }

        void add(BatchSource.Batch batch, Classifier network, NDArray allTeacherLogits) {
            NDArray logits = network.forward(batch.images(), false);
            int classes = confusion.length;
            NDArray predicted = logits.argMax(1);
            addConfusion(confusion, batch.labels().oneHot(classes).transpose().matMul(predicted.oneHot(classes)));
            NDArray confidence = logits.softmax(1).max(new int[] {1});
            copy(confidence.toType(DataType.FLOAT64, false).toDoubleArray(), confidences, seen);
            boolean[] hits = predicted.eq(batch.labels()).toBooleanArray();
            System.arraycopy(hits, 0, correct, seen, hits.length);
            if (allTeacherLogits != null) {
                NDArray teacherLogits = allTeacherLogits.get(new NDIndex("{}:{}", seen, seen + batch.size()));
                teacherLogits.attach(batch.images().getManager());
                agree += count(teacherLogits.argMax(1).eq(predicted));
                NDArray logP = teacherLogits.logSoftmax(1);
                NDArray logQ = logits.logSoftmax(1);
                klSum += logP.exp().mul(logP.sub(logQ)).sum().toType(DataType.FLOAT64, false).getDouble();
            }
            seen += batch.size();
        }
    }

    /** Adds a batch's (classes × classes) float32 counts, from one-hot truth^T · one-hot prediction. */
    private static void addConfusion(long[][] total, NDArray batchCounts) {
        float[] flat = batchCounts.toFloatArray();
        int k = total.length;
        for (int i = 0; i < flat.length; i++) {
            total[i / k][i % k] += Math.round(flat[i]);
        }
    }

    private static long count(NDArray booleans) {
        return booleans.sum().toType(DataType.INT64, false).getLong();
    }

    /** Copies float32 softmax maxima, which rounding can lift a hair above 1, clamped to [0, 1]. */
    private static void copy(double[] from, double[] to, int offset) {
        for (int i = 0; i < from.length; i++) {
            to[offset + i] = Math.min(1, Math.max(0, from[i]));
        }
    }
}
