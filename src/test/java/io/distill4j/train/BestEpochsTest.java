package io.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.distill.CrossEntropy;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The best epoch by validation accuracy: saved when reached, never again for a replayed one. */
class BestEpochsTest {
    private static EpochMetrics epoch(String model, int epoch, double valAcc) {
        return new EpochMetrics(model, epoch, 1, 1, valAcc, 0.1, 1);
    }

    @Test
    void savesAtAnEpochThatBeatsEveryEarlierOneAndKeepsTheFirstOfEqualOnes() {
        List<String> saved = new ArrayList<>();
        BestEpochs best = new BestEpochs(name -> Path.of("best", name + ".params"),
                (net, file) -> saved.add(file.toString()));
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
            List<Learner> learners = List.of(new Learner("s", net, CrossEntropy.INSTANCE,
                    new SgdMomentum(new OptimizerConfig(0.1, 0.9, 0, 0))));
            // epochs 1 and 2 replayed from a checkpoint: 2 was the best, its file written back then
            best.onEpoch(epoch("s", 1, 0.5));
            best.onEpoch(epoch("s", 2, 0.7));
            best.onEpoch(epoch("s", 3, 0.6));
            best.onEpochEnd("p", 3, learners);
            assertThat(saved).isEmpty();
            best.onEpoch(epoch("s", 4, 0.7));
            best.onEpochEnd("p", 4, learners);
            assertThat(saved).isEmpty();
            assertThat(best.best("s").epoch()).isEqualTo(2);
            best.onEpoch(epoch("s", 5, 0.75));
            best.onEpochEnd("p", 5, learners);
            assertThat(saved).containsExactly(Path.of("best", "s.params").toString());
            assertThat(best.best("s").epoch()).isEqualTo(5);
            assertThat(best.best("other")).isNull();
        }
    }
}
