package io.distill4j.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.train.OptimizerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyConfigTest {
    private static final OptimizerConfig SGD = new OptimizerConfig(0.05, 0.9, 5e-4, 1);

    private static StudyConfig with(String dataset, int teacherEpochs, List<Double> alphas, double t, int batch) {
        return new StudyConfig("standard", dataset, Path.of("d"), 0, 0.1, 1, true, 1, "alexnet", "student-cnn",
                null, teacherEpochs, 10, alphas, t, batch, 2, SGD, SGD, List.of(), java.util.Map.of(), 1, false);
    }

    @Test
    void standardPresetIsTheStudysProtocol() {
        StudyConfig c = Preset.of("standard").config("cifar10", Path.of("d"));
        assertThat(c.teacherEpochs()).isEqualTo(20);
        assertThat(c.studentEpochs()).isEqualTo(10);
        assertThat(c.alphas()).containsExactly(1.0, 0.0, 0.5);
        assertThat(c.validationFraction()).isEqualTo(0.1);
        assertThat(c.splitSeed()).isEqualTo(1);
        assertThat(c.trainLimit()).isZero();
        assertThat(c.augment()).isTrue();
    }

    @Test
    void everyBadValueIsRejectedWithItsRange() {
        assertThatThrownBy(() -> with("cifar10", 20, List.of(1.5), 4, 128))
                .isInstanceOf(BadInputException.class).hasMessageContaining("outside [0, 1]");
        assertThatThrownBy(() -> with("cifar10", 20, List.of(1.0), 0, 128))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--temperature 0.0 is outside (0, 100]");
        assertThatThrownBy(() -> with("cifar10", -1, List.of(1.0), 4, 128))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--teacher-epochs -1 is outside [1, 1000]");
        assertThatThrownBy(() -> with("cifar10", 20, List.of(), 4, 128)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> with("cifar10", 20, List.of(0.5, 0.5), 4, 128))
                .isInstanceOf(BadInputException.class).hasMessageContaining("repeats");
        assertThatThrownBy(() -> with("cifar10", 20, List.of(1.0), 4, 0)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> with("imagenet", 20, List.of(1.0), 4, 128))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cifar10, synthetic");
        assertThatThrownBy(() -> Preset.of("huge")).isInstanceOf(BadInputException.class).hasMessageContaining("standard, quick");
        assertThatThrownBy(() -> new OptimizerConfig(0, 0.9, 0, 0)).isInstanceOf(BadInputException.class);
    }

    @Test
    void studentNamesFollowAlpha() {
        assertThat(StudyConfig.studentName(1)).isEqualTo("student-a1");
        assertThat(StudyConfig.studentName(0)).isEqualTo("student-a0");
        assertThat(StudyConfig.studentName(0.5)).isEqualTo("student-a0.5");
    }
}
