package io.distill4j.api;

import io.distill4j.BadInputException;
import io.distill4j.data.TrainingSplits;
import io.distill4j.distill.Methods;
import io.distill4j.distill.Objective;
import io.distill4j.model.Classifier;
import io.distill4j.model.Network;
import io.distill4j.train.Learner;
import io.distill4j.train.SgdMomentum;
import io.distill4j.train.TrainingListener;
import java.util.List;

/**
 * Step 3: a student distilled from a teacher with a registered method. The teacher runs frozen,
 * in inference mode, once per batch; the student's initial weights come from
 * {@code training.seed() + 1}, its batch order from the same seed, as a study's student of that seed.
 */
public final class Students {
    private Students() {}

    /**
     * @param teacher the frozen teacher ({@link Teachers}); {@code null} only for method {@code ce}
     * @param data the splits: trains on the training split, scores the validation split each epoch
     * @param options method, student architecture, temperature, hyper-parameters, training
     * @param listeners receivers of progress (phase {@code student-METHOD})
     * @return the trained student
     * @throws BadInputException if the method needs a teacher and none is given, the teacher does
     *     not fit the data, or the models lack a feature the method needs (naming it)
     * @throws io.distill4j.train.TrainingFailedException if the loss becomes NaN or infinite
     */
    public static Network distil(Classifier teacher, TrainingSplits data, DistillOptions options,
            TrainingListener... listeners) {
        if (teacher == null && !options.method().equals("ce")) {
            throw new BadInputException("method '" + options.method() + "' distils from a teacher: give one from"
                    + " Teachers, or use method 'ce' to train on the labels only");
        }
        if (teacher != null) {
            Training.requireFits("teacher", teacher, data);
        }
        TrainOptions training = options.training();
        long seed = training.seed();
        Network student = Network.create(options.student(), seed + 1, training.device(), Training.shape(data));
        student.computeIn(training.precision());
        return Training.closingOnFailure(student, () -> {
            Objective objective = Methods.create(options.method(), options.params(),
                    new Methods.Context(student, teacher, options.temperature(), seed + 2, data.studentTrain().size(),
                            data.studentTrain().labelled() ? data.studentTrain().labels() : null));
            Learner learner = new Learner("student-" + options.method(), student, objective,
                    new SgdMomentum(training.optimizer()));
            Training.run(learner, objective.needsTeacher() ? teacher : null, data, training, seed + 1,
                    List.of(listeners));
        });
    }
}
