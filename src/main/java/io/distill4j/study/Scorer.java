package io.distill4j.study;

import io.distill4j.data.BatchSource;
import io.distill4j.eval.DeepEvaluation;
import io.distill4j.eval.Evaluator;
import io.distill4j.eval.FootprintMeter;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.model.Classifier;
import io.distill4j.progress.Progress;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Accuracy on the three splits and the test-set evaluation, in inference mode, each reported to
 * {@code progress} as a task over images.
 *
 * @param train the training split, without augmentation
 * @param validation the validation split
 * @param test the test set
 * @param progress where scoring and evaluation report how far they are
 */
record Scorer(BatchSource train, BatchSource validation, BatchSource test, Progress progress) {
    /** @return {@code row} with the accuracies and footprint of {@code net} filled in */
    ModelResult score(Classifier net, ModelResult row) {
        long images = (long) train.images().size() + validation.images().size() + test.images().size();
        try (Progress.Task task = progress.start("scoring " + row.name() + " (train, validation, test)", images, "images")) {
            return new ModelResult(row.name(), row.group(), row.method(), row.seed(), net.architecture(), row.role(),
                    row.alpha(),
                    Evaluator.score(net, train, task).accuracy(),
                    Evaluator.score(net, validation, task).accuracy(),
                    Evaluator.score(net, test, task).accuracy(),
                    net.trainableParameters(), net.sizeMb(), net.macsPerImage(), row.trainSeconds());
        }
    }

    /**
     * @param name the model's run name
     * @param net the model
     * @param teacherLogits the teacher's test logits, or {@code null} for the teacher itself
     * @param classNames the dataset's class names
     * @return the test-set evaluation with the default footprint timing
     */
    ModelEvaluation evaluate(String name, Classifier net, Tensor teacherLogits, List<String> classNames) {
        String what = "evaluating " + name + " on the test set, timing it";
        try (Progress.Task task = progress.start(what, test.images().size(), "images")) {
            return DeepEvaluation.evaluate(name, net, teacherLogits, test, classNames, FootprintMeter.Settings.DEFAULT, task);
        }
    }
}
