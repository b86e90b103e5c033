package io.distill4j.api;

import io.distill4j.data.TrainingSplits;
import io.distill4j.model.Classifier;
import io.distill4j.model.InputShape;
import io.distill4j.model.Network;
import io.distill4j.train.Learner;
import io.distill4j.train.TeacherOutputs;
import io.distill4j.train.TrainingLoop;
import java.util.List;

/** Runs one learner through the training loop, as a study phase does, without checkpoints. */
final class Training {
    private Training() {}

    /**
     * @param data the splits
     * @return the image side and class count of a model trained on them
     */
    static InputShape shape(TrainingSplits data) {
        return new InputShape(data.dataset().imageSide(), data.dataset().classCount());
    }

    /**
     * Trains {@code learner} on the training split, scoring the validation split after every epoch.
     *
     * @param learner the model, objective and optimizer
     * @param teacher the frozen teacher, or {@code null} when the objective needs none
     * @param data the splits
     * @param options epochs, batch size, seed, augmentation, device
     * @param dataSeed seed of the batch order, augmentation and dropout
     * @param observers receivers of progress
     */
    static void run(Learner learner, Classifier teacher, TrainingSplits data, TrainOptions options, long dataSeed,
            TrainingObserver... observers) {
        int evalBatch = teacher == null ? learner.network().evaluationBatch()
                : Math.min(learner.network().evaluationBatch(), teacher.evaluationBatch());
        TrainingLoop.Plan plan = new TrainingLoop.Plan(learner.name(), options.epochs(), 1, dataSeed,
                options.augment(), false);
        new TrainingLoop(Bridge.listeners(observers)).run(plan, List.of(learner),
                teacher == null ? null : TeacherOutputs.live(teacher),
                data.batches(TrainingSplits.Part.TRAIN, options.batchSize()),
                data.batches(TrainingSplits.Part.VALIDATION, evalBatch));
    }

    /**
     * @param what the model, for the message
     * @param model a model to train or distill from
     * @param data the splits it will be given
     * @throws InvalidInputException if it takes another image side or answers another class count
     */
    static void requireFits(String what, Classifier model, TrainingSplits data) {
        InputShape shape = shape(data);
        if (!model.inputShape().equals(shape)) {
            throw new InvalidInputException(what + " " + model.architecture() + " takes " + model.inputShape().side() + "×"
                    + model.inputShape().side() + " images of " + model.inputShape().classes() + " classes but the data"
                    + " has " + shape.side() + "×" + shape.side() + " images of " + shape.classes()
                    + " classes: give a model made for this data");
        }
    }

    /**
     * Closes {@code net} when {@code work} fails, so that a failed call leaks no native memory.
     *
     * @param net a fresh network
     * @param work what to do with it
     * @return {@code net}
     */
    static Network closingOnFailure(Network net, Runnable work) {
        try {
            work.run();
            return net;
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }
}
