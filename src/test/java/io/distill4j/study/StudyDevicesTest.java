package io.distill4j.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.distill4j.BadInputException;
import io.distill4j.cli.DataOptions;
import io.distill4j.data.Dataset;
import io.distill4j.train.OptimizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study split over two devices (CPU stand-ins for GPUs), end to end. */
class StudyDevicesTest {
    @TempDir Path tmp;

    private static StudyConfig tiny(List<String> methods) {
        OptimizerConfig sgd = new OptimizerConfig(0.05, 0.9, 5e-4, 0, OptimizerConfig.Schedule.CONSTANT);
        return new StudyConfig("quick", "synthetic", null, 300, 0.1, 1, true, 1, "student-cnn", "student-cnn", null,
                1, 1, List.of(1.0, 0.5), 4, 64, 2, sgd, sgd, methods, Map.of(), 1, false);
    }

    @Test
    void aStudyOnTwoDevicesTrainsEveryModelAndRecordsTheDevices() throws Exception {
        Dataset data = DataOptions.load("synthetic", null);
        try (RunDirectory run = RunDirectory.create(tmp.resolve("run"))) {
            Study.Outcome outcome = new Study(tiny(List.of()), run, List.of(), List.of(Device.cpu(), Device.cpu()))
                    .run(data);
            assertThat(outcome.models()).extracting(m -> m.name())
                    .containsExactly("teacher", "student-a1", "student-a0.5");
            assertThat(outcome.timing().get("devices")).isEqualTo(List.of("cpu()", "cpu()"));
            assertThat(outcome.metrics()).allSatisfy(m -> assertThat(m.trainLoss()).isFinite());
        }
        assertThat(tmp.resolve("run/models/student-a0.5.params")).exists();
    }

    @Test
    void aMethodWithItsOwnTrainableBlockIsRefusedBeforeAnythingIsWritten() throws Exception {
        Dataset data = DataOptions.load("synthetic", null);
        Path out = tmp.resolve("fitnets");
        try (RunDirectory run = RunDirectory.create(out)) {
            Study study = new Study(tiny(List.of("fitnets")), run, List.of(), List.of(Device.cpu(), Device.cpu()));
            assertThatThrownBy(() -> study.run(data)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("fitnets").hasMessageContaining("--gpus 1");
        }
        assertThat(Files.exists(out.resolve("config.json"))).isFalse();
    }
}
