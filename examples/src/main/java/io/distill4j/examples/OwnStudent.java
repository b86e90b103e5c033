package io.distill4j.examples;

import static io.distill4j.api.Splits.Part.TEST;
import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.flatten;
import static org.bytedeco.pytorch.global.torch.manual_seed;
import static org.bytedeco.pytorch.global.torch.relu;

import io.distill4j.api.Data;
import io.distill4j.api.DistillOptions;
import io.distill4j.api.EpochReport;
import io.distill4j.api.Evaluation;
import io.distill4j.api.Splits;
import io.distill4j.api.StudentModule;
import io.distill4j.api.Students;
import io.distill4j.api.Teachers;
import io.distill4j.api.TrainOptions;
import io.distill4j.api.TrainedModel;
import io.distill4j.api.TrainingObserver;
import java.util.logging.Logger;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LinearOptions;
import org.bytedeco.pytorch.Module;

/**
 * A student written with the engine's own modules (JavaCPP's PyTorch), distilled from a zoo teacher
 * by attention transfer through distill4j's Java API, its epochs logged to this program's logger.
 */
public final class OwnStudent {
    private static final Logger LOG = Logger.getLogger(OwnStudent.class.getName());

    public static void main(String[] args) {
        Splits data = Data.synthetic(16, 10, 600, 200, 1).split();      // 10 classes, 16×16, in memory
        TrainOptions training = TrainOptions.DEFAULT.withEpochs(4).withBatchSize(54);
        TrainingObserver log = new TrainingObserver() {
            @Override
            public void epochFinished(EpochReport r) {
                LOG.info(String.format("%s epoch %d: train loss %.3f, validation accuracy %.1f %%",
                        r.model(), r.epoch(), r.trainLoss(), 100 * r.validationAccuracy()));
            }
        };

        // Your module: every weight registered on one root, the forward pass written as named stages,
        // initialized by libtorch's generator, seeded here so that the run repeats.
        manual_seed(1);
        Module root = new Module();
        Conv2dOptions conv3x3 = new Conv2dOptions(3, 16, new LongPointer(3L, 3L));
        conv3x3.padding().put(new LongPointer(1L, 1L));
        Conv2dImpl conv = root.register_module("conv", new Conv2dImpl(conv3x3));
        BatchNorm2dImpl bn = root.register_module("bn", new BatchNorm2dImpl(new BatchNormOptions(16)));
        LinearImpl fc = root.register_module("fc", new LinearImpl(new LinearOptions(16, 10)));
        StudentModule mine = StudentModule.builder("my-cnn", root, 16, 10)
                .feature("block", x -> relu(bn.forward(conv.forward(x))))          // 16 @ 16×16
                .feature("embedding", x -> flatten(adaptive_avg_pool2d(x, 1, 1), 1, -1))
                .logits(fc::forward);

        try (TrainedModel teacher = Teachers.train("resnet8", data, training, log);
                TrainedModel student = Students.distill(teacher, data, mine, DistillOptions.of("at").withTraining(training),
                        log)) {
            System.out.printf("teacher test accuracy: %.1f %%%n", 100 * Evaluation.accuracy(teacher, data, TEST));
            System.out.printf("my-cnn (at) test accuracy: %.1f %%%n", 100 * Evaluation.accuracy(student, data, TEST));
        }
    }
}
