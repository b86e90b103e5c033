package io.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.RealCifar;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.data.Split;
import io.distill4j.data.archive.Cifar10Binary;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.Network;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real data, a few minutes at most: the study's student learns CIFAR-10 in one epoch. */
@Tag("real-data")
class RealCifarStudentTest {
    @Test
    void studentReachesThirtyFivePercentAfterOneEpochOnTenThousandImages() throws Exception {
        Dataset cifar = Cifar10Binary.read(RealCifar.dataDir().resolve("cifar-10-batches-bin"));
        assertThat(cifar.train().size()).isEqualTo(50_000);
        assertThat(cifar.test().size()).isEqualTo(10_000);
        // Trains on the first 10,000 training images, validates on the next 2,000.
        int[] next = java.util.stream.IntStream.range(10_000, 12_000).toArray();
        Split split = new Split(cifar.train().head(10_000), cifar.train().subset(next));
        Normalization norm = Normalization.of(split.train());
        MetricsHistory history = new MetricsHistory();
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
            Learner learner = new Learner("student", net, CrossEntropy.INSTANCE,
                    new SgdMomentum(new OptimizerConfig(0.05, 0.9, 5e-4, 0.1)));
            new TrainingLoop(List.of(history)).run(new TrainingLoop.Plan("student", 1, 1, 1, false, false), List.of(learner), null,
                    new BatchSource(split.train(), norm, 64), new BatchSource(split.validation(), norm, 500));
        }
        List<EpochMetrics> metrics = history.rows();
        System.out.printf("student-cnn, one epoch on 10,000 CIFAR-10 images: validation accuracy %.1f %%%n",
                100 * metrics.get(0).valAcc());
        assertThat(metrics.get(0).valAcc()).as("validation accuracy after one epoch").isGreaterThanOrEqualTo(0.35);
    }
}
