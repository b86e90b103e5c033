package io.distill4j.eval;

import io.distill4j.data.BatchSource;
import io.distill4j.engine.Tensors;
import io.distill4j.model.Classifier;
import io.distill4j.model.ModelManifest;
import io.distill4j.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

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
     * @return the evaluation
     * @throws io.distill4j.BadInputException if {@code test} holds no image
     */
    public static ModelEvaluation evaluate(
            String name, Classifier network, Classifier teacher, BatchSource test, List<String> classNames,
            FootprintMeter.Settings footprint) {
        if (teacher == null || teacher == network) {
            return evaluate(name, network, (Tensor) null, test, classNames, footprint);
        }
        try (Tensor teacherLogits = teacherLogits(teacher, test)) {
            return evaluate(name, network, teacherLogits, test, classNames, footprint);
        }
    }

    /**
     * The evaluation labelled with CIFAR-10's class names for 10 classes, else {@code class 0, class 1, …}.
     *
     * @deprecated pass the dataset's class names ({@code Dataset.classNames()}) to
     *     {@link #evaluate(String, Classifier, Tensor, BatchSource, List, FootprintMeter.Settings)};
     *     kept until the study does
     */
    @Deprecated(forRemoval = true)
    public static ModelEvaluation evaluate(
            String name, Classifier network, Tensor teacherLogits, BatchSource test, FootprintMeter.Settings footprint) {
        int classes = network.inputShape().classes();
        List<String> names = classes == ModelManifest.CIFAR10_CLASSES.size() ? ModelManifest.CIFAR10_CLASSES
                : IntStream.range(0, classes).mapToObj(c -> "class " + c).toList();
        return evaluate(name, network, teacherLogits, test, names, footprint);
    }

    /**
     * The teacher's test logits, computed once for the evaluation of every student.
     *
     * @param teacher the teacher
     * @param test the test images, in stored order, without augmentation
     * @return {@code (N, classes)} logits in the order of {@code test}
     */
    public static Tensor teacherLogits(Classifier teacher, BatchSource test) {
        List<Tensor> parts = new ArrayList<>();
        Evaluator.forEachBatch(test, teacher.device(), batch -> parts.add(Tensors.keep(teacher.forward(batch.images(), false))));
        Tensor all = Tensors.keep(torch.cat(new TensorVector(parts.toArray(new Tensor[0])), 0));
        parts.forEach(Tensor::close);
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
     * @return the evaluation
     * @throws io.distill4j.BadInputException if {@code test} holds no image
     * @throws IllegalArgumentException if the network has another number of outputs
     */
    public static ModelEvaluation evaluate(
            String name, Classifier network, Tensor teacherLogits, BatchSource test, List<String> classNames,
            FootprintMeter.Settings footprint) {
        return evaluate(name, network, teacherLogits, test, classNames, footprint, Progress.Task.NONE);
    }

    /**
     * {@link #evaluate(String, Classifier, Tensor, BatchSource, List, FootprintMeter.Settings)},
     * advancing {@code task} by each test batch's images.
     *
     * @param name the model's run name
     * @param network the model
     * @param teacherLogits the teacher's test logits, or {@code null}
     * @param test the test images, in stored order, without augmentation
     * @param classNames the dataset's class names in label order
     * @param footprint how to time the model
     * @param task the progress to advance
     * @return the evaluation
     */
    public static ModelEvaluation evaluate(
            String name, Classifier network, Tensor teacherLogits, BatchSource test, List<String> classNames,
            FootprintMeter.Settings footprint, Progress.Task task) {
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
        Evaluator.forEachBatch(test, network.device(), task, batch -> acc.add(batch, network, teacherLogits));
        return new ModelEvaluation(name, ConfusionMatrix.of(classNames, acc.confusion),
                withTeacher ? (double) acc.agree / n : null,
                withTeacher ? Math.max(0, acc.klSum / n) : null,
                Calibration.of(acc.confidences, acc.correct, Calibration.BINS),
                FootprintMeter.measure(network, footprint));
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

        void add(BatchSource.Batch batch, Classifier network, Tensor allTeacherLogits) {
            Tensor logits = network.forward(batch.images(), false);
            Tensor predicted = logits.argmax(new LongOptional(1), false);
            long[] truth = Tensors.toLongs(batch.labels());
            long[] guess = Tensors.toLongs(predicted);
            float[] top = Tensors.toFloats(logits.softmax(1).amax(new long[] {1}, false));
            for (int i = 0; i < truth.length; i++) {
                confusion[(int) truth[i]][(int) guess[i]]++;
                // float32 softmax maxima, which rounding can lift a hair above 1, clamped to [0, 1]
                confidences[seen + i] = Math.min(1, Math.max(0, top[i]));
                correct[seen + i] = truth[i] == guess[i];
            }
            if (allTeacherLogits != null) {
                Tensor teacherLogits = allTeacherLogits.narrow(0, seen, batch.size());
                agree += teacherLogits.argmax(new LongOptional(1), false).eq(predicted).sum().item_long();
                Tensor logP = teacherLogits.log_softmax(1);
                Tensor logQ = logits.log_softmax(1);
                klSum += logP.exp().mul(logP.sub(logQ)).sum().item_double();
            }
            seen += batch.size();
        }
    }
}
