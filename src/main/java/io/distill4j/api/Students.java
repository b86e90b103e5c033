package io.distill4j.api;

import io.distill4j.BadInputException;
import io.distill4j.data.TrainingSplits;
import io.distill4j.distill.Methods;
import io.distill4j.distill.Objective;
import io.distill4j.model.Classifier;
import io.distill4j.model.InputShape;
import io.distill4j.model.Network;
import io.distill4j.train.Learner;
import io.distill4j.train.SgdMomentum;
import java.util.List;

/**
 * Step 3: a student distilled from a teacher with a registered method. The teacher runs frozen,
 * in inference mode, once per batch; the student's initial weights come from
 * {@code training.seed() + 1}, its batch order from the same seed, as a study's student of that seed.
 */
public final class Students {
    private Students() {}

    /** @return the registered distillation methods, e.g. {@code ce}, {@code kd}, {@code dkd}, {@code crd} */
    public static List<String> methods() {
        return Methods.all().stream().map(Methods.Method::name).toList();
    }

    /**
     * @param teacher the frozen teacher ({@link Teachers}); {@code null} only for method {@code ce}
     * @param data the splits: trains on the training split, scores the validation split each epoch
     * @param options method, student architecture, temperature, hyper-parameters, training
     * @param observers receivers of progress (phase {@code student-METHOD})
     * @return the trained student
     * @throws InvalidInputException if the method needs a teacher and none is given, the teacher does
     *     not fit the data, or the models lack a feature the method needs (naming it)
     * @throws DivergenceException if the loss becomes NaN or infinite
     */
    public static TrainedModel distill(TrainedModel teacher, Splits data, DistillOptions options,
            TrainingObserver... observers) {
        TrainOptions training = options.training();
        return train(teacher, data, Network.create(options.student(), training.seed() + 1, training.hardware().device(),
                Training.shape(data.engine())), options, observers);
    }

    /**
     * Step 3 with a student of your own: the same training, method and observers, on your module's
     * weights as you initialized them ({@code options.student()} is not used).
     *
     * @param teacher the frozen teacher; {@code null} only for method {@code ce}
     * @param data the splits
     * @param student your module and its stages
     * @param options method, temperature, hyper-parameters, training
     * @param observers receivers of progress
     * @return the trained student, which owns your module
     * @throws InvalidInputException as the other form, and if the student takes another image side or
     *     class count than the data, or gives logits only and the method needs features (naming the
     *     logit methods)
     * @throws DivergenceException if the loss becomes NaN or infinite
     */
    public static TrainedModel distill(TrainedModel teacher, Splits data, StudentModule student,
            DistillOptions options, TrainingObserver... observers) {
        TrainOptions training = options.training();
        InputShape shape = Training.shape(data.engine());
        return train(teacher, data, Network.of(student.name(), student.model().withInput(shape.side(), shape.classes()),
                training.seed() + 1, training.hardware().device()), options, observers);
    }

    private static TrainedModel train(TrainedModel teacherModel, Splits splits, Network student,
            DistillOptions options, TrainingObserver... observers) {
        Classifier teacher = teacherModel == null ? null : teacherModel.engine();
        TrainingSplits data = splits.engine();
        if (teacher == null && !options.method().equals("ce")) {
            student.close();
            throw new BadInputException("method '" + options.method() + "' distills from a teacher: give one from"
                    + " Teachers, or use method 'ce' to train on the labels only");
        }
        if (teacher != null) {
            Training.closingOnFailure(student, () -> Training.requireFits("teacher", teacher, data));
        }
        TrainOptions training = options.training();
        long seed = training.seed();
        student.computeIn(training.precision().engine());
        return TrainedModel.of(Training.closingOnFailure(student, () -> {
            Objective objective = objective(teacher, data, student, options, seed);
            Learner learner = new Learner("student-" + options.method(), student, objective,
                    new SgdMomentum(training.optimizer().config()));
            Training.run(learner, objective.needsTeacher() ? teacher : null, data, training, seed + 1, observers);
        }), splits);
    }

    private static Objective objective(Classifier teacher, TrainingSplits data, Network student, DistillOptions options,
            long seed) {
        Methods.Context ctx = new Methods.Context(student, teacher, options.temperature(), seed + 2,
                data.studentTrain().size(), data.studentTrain().labelled() ? data.studentTrain().labels() : null);
        try {
            return Methods.create(options.method(), options.params(), ctx);
        } catch (BadInputException e) {
            if (!student.featureShapes().isEmpty()) {
                throw e;
            }
            throw new BadInputException("student " + student.architecture() + " gives logits only, so it learns by the"
                    + " logit methods (ce, kd, dkd, dist, kd+ls, dkd+ls, dist+ls), not " + options.method()
                    + ": use one of them, or name its features with StudentModule.builder(…).feature(…)", e);
        }
    }
}
