package io.distill4j.examples;

import static io.distill4j.api.Splits.Part.TEST;

import io.distill4j.api.Data;
import io.distill4j.api.DistillOptions;
import io.distill4j.api.EpochReport;
import io.distill4j.api.Evaluation;
import io.distill4j.api.Score;
import io.distill4j.api.Splits;
import io.distill4j.api.Students;
import io.distill4j.api.Teachers;
import io.distill4j.api.TrainOptions;
import io.distill4j.api.TrainedModel;
import io.distill4j.api.TrainingObserver;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * A teacher and a KD student trained through distill4j's Java API, their progress going to this
 * program's own {@link System.Logger} (the JDK's logging facade: java.util.logging here, or whatever
 * backend the application installs) instead of a console: phases and epochs at INFO, batches at DEBUG.
 */
public final class LoggedTraining {
    private static final Logger LOG = System.getLogger(LoggedTraining.class.getName());

    /** Logs the training loop's events; distill4j itself prints nothing. */
    static final class LoggingObserver implements TrainingObserver {
        @Override
        public void phaseStarted(String phase, List<String> models, int epochs, int batchesPerEpoch) {
            LOG.log(Level.INFO, "{0}: {1} epochs of {2} batches", phase, epochs, batchesPerEpoch);
        }

        @Override
        public void batchFinished(int epoch, int batch, int images) {
            LOG.log(Level.DEBUG, "epoch {0}, batch {1}: {2} images", epoch, batch, images);
        }

        @Override
        public void epochFinished(EpochReport r) {
            LOG.log(Level.INFO, String.format("%s epoch %d: train loss %.3f, validation loss %.3f, accuracy %.1f %% (%.1f s)",
                    r.model(), r.epoch(), r.trainLoss(), r.validationLoss(), 100 * r.validationAccuracy(), r.seconds()));
        }

        @Override
        public void phaseFinished(String phase) {
            LOG.log(Level.INFO, "{0} done", phase);
        }
    }

    public static void main(String[] args) {
        Splits data = Data.synthetic(16, 5, 500, 150, 7).split();        // 5 classes, 16×16, in memory
        TrainOptions training = TrainOptions.DEFAULT.withEpochs(3).withBatchSize(50);
        TrainingObserver log = new LoggingObserver();
        try (TrainedModel teacher = Teachers.train("student-cnn", data, training, log);
                TrainedModel student = Students.distill(teacher, data,
                        DistillOptions.of("kd").withTraining(training.withSeed(2)), log)) {
            Score t = Evaluation.score(teacher, data, TEST);
            Score s = Evaluation.score(student, data, TEST);
            System.out.printf("teacher: %.1f %% of %d test images%n", 100 * t.accuracy(), t.images());
            System.out.printf("student (kd): %.1f %% of %d test images%n", 100 * s.accuracy(), s.images());
        }
    }
}
