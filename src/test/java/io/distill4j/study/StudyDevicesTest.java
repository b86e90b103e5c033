package io.distill4j.study;

import io.distill4j.settings.Settings;
import io.distill4j.settings.SettingValues;
import io.distill4j.settings.StudyConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.data.Dataset;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.engine.ComputeDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study split over two devices (CPU stand-ins for GPUs), end to end. */
class StudyDevicesTest {
    @TempDir Path tmp;

    private static StudyConfig tiny(List<String> methods) {
        return StudyConfig.of(SettingValues.empty().with(Settings.PRESET, "quick").with(Settings.DATASET, "synthetic")
                .with(Settings.TRAIN_LIMIT, 300).with(Settings.TEACHER_MODEL, "student-cnn")
                .with(Settings.TEACHER_EPOCHS, 1).with(Settings.STUDENT_EPOCHS, 1).with(Settings.ALPHAS, List.of(1.0, 0.5))
                .with(Settings.BATCH_SIZE, 64).with(Settings.THREADS, 2).with(Settings.METHODS, methods)
                .with(Settings.STUDENT_SGD.schedule(), "constant").with(Settings.TEACHER_SGD.schedule(), "constant"));
    }

    @Test
    void aStudyOnTwoDevicesTrainsEveryModelAndRecordsTheDevices() throws Exception {
        Dataset data = Datasets.load(Datasets.Request.of("synthetic", null, null), System.err);
        try (RunDirectory run = RunDirectory.create(tmp.resolve("run"))) {
            Study.Outcome outcome = new Study(tiny(List.of()), run, List.of(), List.of(ComputeDevice.cpu(), ComputeDevice.cpu()))
                    .run(data);
            assertThat(outcome.models()).extracting(m -> m.name())
                    .containsExactly("teacher", "student-a1", "student-a0.5");
            assertThat(outcome.timing().devices()).isEqualTo(List.of("cpu", "cpu"));
            assertThat(outcome.metrics()).allSatisfy(m -> assertThat(m.trainLoss()).isFinite());
        }
        assertThat(tmp.resolve("run/models/student-a0.5.params")).exists();
        JsonNode timing = new ObjectMapper().readTree(tmp.resolve("run/results.json").toFile()).path("timing");
        assertThat(timing.path("devices")).hasSize(2);
        assertThat(timing.path("device").asText()).isEqualTo("cpu");
        assertThat(timing.path("teacher_train_img_per_s").asDouble()).isPositive();
        assertThat(timing.path("students_phase_seconds").asDouble()).isPositive();
        assertThat(timing.path("student-a1_step_img_per_s").asDouble()).isPositive();
        assertThat(timing.has("student-a1_distill_step_img_per_s")).as("labels only: no teacher forward").isFalse();
        assertThat(timing.path("student-a0.5_distill_step_img_per_s").asDouble()).isPositive();
    }

    @Test
    void aMethodWithItsOwnTrainableBlockIsRefusedBeforeAnythingIsWritten() throws Exception {
        Dataset data = Datasets.load(Datasets.Request.of("synthetic", null, null), System.err);
        Path out = tmp.resolve("fitnets");
        try (RunDirectory run = RunDirectory.create(out)) {
            Study study = new Study(tiny(List.of("fitnets")), run, List.of(), List.of(ComputeDevice.cpu(), ComputeDevice.cpu()));
            assertThatThrownBy(() -> study.run(data)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("fitnets").hasMessageContaining("--gpus 1");
        }
        assertThat(Files.exists(out.resolve("config.json"))).isFalse();
    }
}
