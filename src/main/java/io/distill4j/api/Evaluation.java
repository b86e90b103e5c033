package io.distill4j.api;

import io.distill4j.data.TrainingSplits;
import io.distill4j.eval.DeepEvaluation;
import io.distill4j.eval.Evaluator;
import io.distill4j.eval.FootprintMeter;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.model.Classifier;
import java.util.Arrays;

/**
 * Step 4: how good a model is. Models run in inference mode (batch-norm running statistics, no
 * dropout), on unaugmented images in their split's normalization, in batches sized so that a
 * forward pass's activations stay bounded.
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * @param model a trained model (a student, a teacher, loaded weights)
     * @param data the splits
     * @param part which images: train, validation or test
     * @return the mean cross-entropy against the labels and the top-1 accuracy over every image of
     *     that part
     */
    public static Score score(TrainedModel model, Splits data, Splits.Part part) {
        Classifier m = model.engine();
        Evaluator.Score s = Evaluator.score(m, data.engine().batches(part.engine(), m.evaluationBatch()));
        return new Score(s.loss(), s.accuracy(), s.images());
    }

    /**
     * @param model a trained model
     * @param data the splits
     * @param part which images
     * @return the share of images whose top-1 class is right, in [0, 1] ({@code NaN} for no image)
     */
    public static double accuracy(TrainedModel model, Splits data, Splits.Part part) {
        return score(model, data, part).accuracy();
    }

    /**
     * The study's closer look at the test set: confusion matrix and per-class accuracy labelled with
     * the data's class names, agreement with the teacher and KL from it, calibration, and the
     * model's footprint (parameters, size, MACs, CPU latency and throughput).
     *
     * @param name the model's name in the result
     * @param model a trained model
     * @param teacher the teacher it was distilled from, or {@code null} for no agreement and KL
     * @param data the splits: their test set
     * @return the evaluation
     * @throws InvalidInputException if the test set holds no image
     */
    public static TestEvaluation evaluate(String name, TrainedModel model, TrainedModel teacher, Splits data) {
        Classifier m = model.engine();
        Classifier t = teacher == null ? null : teacher.engine();
        int batch = t == null ? m.evaluationBatch() : Math.min(m.evaluationBatch(), t.evaluationBatch());
        ModelEvaluation e = DeepEvaluation.evaluate(name, m, t, data.engine().batches(TrainingSplits.Part.TEST, batch),
                data.classNames(), FootprintMeter.Settings.DEFAULT);
        return new TestEvaluation(e.model(), e.accuracy(), e.confusion().classes(), e.confusion().counts(),
                Arrays.stream(e.confusion().perClassAccuracy()).boxed().toList(), e.teacherAgreement(), e.teacherKl(),
                e.calibration().ece(), e.footprint().parameters(), e.footprint().sizeMb(),
                e.footprint().macsPerImage(), e.footprint().latencyMs(), e.footprint().throughputImgPerS());
    }
}
