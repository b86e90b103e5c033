package io.distill4j.study;

import io.distill4j.cluster.Cluster;
import io.distill4j.data.BatchSource;
import io.distill4j.eval.DeepEvaluation;
import io.distill4j.eval.Evaluator;
import io.distill4j.eval.FootprintMeter;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.model.Classifier;
import io.distill4j.model.Network;
import io.distill4j.progress.Progress;
import io.distill4j.train.BestEpochs;
import io.distill4j.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.bytedeco.pytorch.Tensor;

/**
 * Accuracy on the three splits and the test-set evaluation, in inference mode, reported to {@code
 * progress} as one task over images. The test images are run once: their accuracy is the
 * evaluation's (the diagonal of its confusion matrix, the same argmax against the same labels). A
 * model trained in the run also gets its best epoch's test accuracy, from the weights kept then.
 *
 * @param train the training split, without augmentation
 * @param validation the validation split
 * @param test the test set
 * @param progress where scoring reports how far it is
 * @param best the best epochs of the models trained in this run, and their weights' files
 * @param loader loads a best epoch's weights, given the model's architecture and the file
 * @param cluster the processes of a multi-process study, which share the training and validation accuracy
 *     (the test-set evaluation runs whole on each), or {@code null}. The best epoch's test accuracy is each
 *     process's own: a resumed job's other processes may not have the best epoch's weights (rank 0 kept
 *     them), so it cannot be a collective that all of them join.
 */
record Scorer(BatchSource train, BatchSource validation, BatchSource test, Progress progress, BestEpochs best,
        BiFunction<String, Path, Network> loader, Cluster cluster) {
    /**
     * A model's scores.
     *
     * @param result {@code row} with the accuracies and footprint filled in
     * @param evaluation the test-set evaluation, with the default footprint timing
     */
    record Scored(ModelResult result, ModelEvaluation evaluation) {}

    /**
     * @param net the model
     * @param row its result row, accuracies still empty
     * @param teacherLogits the teacher's test logits, or {@code null} for the teacher itself
     * @param classNames the dataset's class names
     * @return the row with its accuracies, and the test-set evaluation
     */
    Scored score(Classifier net, ModelResult row, Tensor teacherLogits, List<String> classNames) {
        EpochMetrics epoch = best.best(row.name());
        Path file = best.file(row.name());
        boolean scoresBest = epoch != null && Files.isRegularFile(file);
        long images = Evaluator.share(train, cluster) + Evaluator.share(validation, cluster) + test.images().size()
                + (scoresBest ? test.images().size() : 0);
        try (Progress.Task task = progress.start("scoring " + row.name() + " (train, validation, test; timing it)",
                images, "images")) {
            double trainAcc = Evaluator.score(net, train, cluster, task).accuracy();
            double valAcc = Evaluator.score(net, validation, cluster, task).accuracy();
            ModelEvaluation evaluation = DeepEvaluation.evaluate(row.name(), net, teacherLogits, test, classNames,
                    FootprintMeter.Settings.DEFAULT, task);
            ModelResult.Best bestEpoch = null;
            if (scoresBest) {
                try (Network kept = loader.apply(net.architecture(), file)) {
                    bestEpoch = new ModelResult.Best(epoch.epoch(), epoch.valAcc(), Evaluator.score(kept, test, task).accuracy());
                }
            }
            return new Scored(new ModelResult(row.name(), row.group(), row.method(), row.seed(), net.architecture(),
                    row.role(), row.alpha(), trainAcc, valAcc, evaluation.confusion().accuracy(),
                    net.trainableParameters(), net.sizeMb(), net.macsPerImage(), row.trainSeconds(), bestEpoch), evaluation);
        }
    }
}
