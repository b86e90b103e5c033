package io.distill4j.study;

import io.distill4j.data.BatchSource;
import io.distill4j.eval.Evaluator;
import io.distill4j.eval.ModelResult;
import io.distill4j.model.Classifier;

/**
 * Accuracy on the three splits, in inference mode.
 *
 * @param train the training split, without augmentation
 * @param validation the validation split
 * @param test the test set
 */
record Scorer(BatchSource train, BatchSource validation, BatchSource test) {
    /** @return {@code row} with the accuracies and footprint of {@code net} filled in */
    ModelResult score(Classifier net, ModelResult row) {
        return new ModelResult(row.name(), row.group(), row.method(), row.seed(), net.architecture(), row.role(),
                row.alpha(),
                Evaluator.score(net, train).accuracy(),
                Evaluator.score(net, validation).accuracy(),
                Evaluator.score(net, test).accuracy(),
                net.trainableParameters(), net.sizeMb(), net.macsPerImage(), row.trainSeconds());
    }
}
