package io.distill4j.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.train.OptimizerConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StudyConfigTest {
    private static StudyConfig preset(String name) {
        return StudyConfig.of(SettingValues.empty().with(Settings.PRESET, name));
    }

    private static <T> StudyConfig with(Setting<T> setting, T value) {
        return StudyConfig.of(SettingValues.empty().with(setting, value));
    }

    @Test
    void standardPresetIsTheStudysProtocol() {
        StudyConfig c = StudyConfig.of(SettingValues.empty());
        assertThat(c.preset()).isEqualTo("standard");
        assertThat(c.teacherEpochs()).isEqualTo(20);
        assertThat(c.studentEpochs()).isEqualTo(10);
        assertThat(c.alphas()).containsExactly(1.0, 0.0, 0.5);
        assertThat(c.validationFraction()).isEqualTo(0.1);
        assertThat(c.splitSeed()).isEqualTo(1);
        assertThat(c.trainLimit()).isZero();
        assertThat(c.augment()).isTrue();
        assertThat(c.teacherOptimizer()).isEqualTo(new OptimizerConfig(0.05, 0.9, 5e-4, 1))
                .isEqualTo(c.studentOptimizer());
    }

    @Test
    void quickPresetChangesOnlyItsOwnDefaults() {
        StudyConfig quick = preset("quick");
        assertThat(List.of(quick.trainLimit(), quick.teacherEpochs(), quick.studentEpochs())).containsExactly(6000, 3, 3);
        assertThat(quick.teacherModel()).isEqualTo("alexnet");
        assertThat(with(Settings.TEACHER_EPOCHS, 7).teacherEpochs()).isEqualTo(7);
    }

    @Test
    void optimizerSettingsAreSeparateForTeacherAndStudents() {
        StudyConfig c = StudyConfig.of(SettingValues.empty().with(Settings.STUDENT_SGD.lr(), 0.01)
                .with(Settings.STUDENT_SGD.schedule(), "constant").with(Settings.TEACHER_SGD.momentum(), 0.8)
                .with(Settings.TEACHER_SGD.warmupEpochs(), 2.0).with(Settings.STUDENT_SGD.weightDecay(), 0.0));
        assertThat(c.studentOptimizer()).isEqualTo(new OptimizerConfig(0.01, 0.9, 0, 1, OptimizerConfig.Schedule.CONSTANT));
        assertThat(c.teacherOptimizer()).isEqualTo(new OptimizerConfig(0.05, 0.8, 5e-4, 2));
    }

    @Test
    void everyBadValueIsRejectedWithItsRange() {
        assertThatThrownBy(() -> with(Settings.ALPHAS, List.of(1.5)))
                .isInstanceOf(BadInputException.class).hasMessage("--alphas value 1.5 is outside [0, 1]: use e.g. 1,0,0.5");
        assertThatThrownBy(() -> with(Settings.TEMPERATURE, 0.0))
                .isInstanceOf(BadInputException.class).hasMessage("--temperature 0.0 is outside (0, 100]: use e.g. 4");
        assertThatThrownBy(() -> with(Settings.TEACHER_EPOCHS, -1))
                .isInstanceOf(BadInputException.class).hasMessage("--teacher-epochs -1 is outside [0, 1000]: use e.g. 20");
        assertThatThrownBy(() -> with(Settings.TEACHER_EPOCHS, 0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("trains no teacher");
        assertThatThrownBy(() -> with(Settings.ALPHAS, List.of())).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> with(Settings.ALPHAS, List.of(0.5, 0.5)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("repeats");
        assertThatThrownBy(() -> with(Settings.BATCH_SIZE, 0)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> with(Settings.DATASET, "imagenet"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cifar10, cifar100, folder, parquet, synthetic");
        assertThatThrownBy(() -> preset("huge")).isInstanceOf(BadInputException.class)
                .hasMessage("unknown preset 'huge': valid presets are standard, quick, paper");
        assertThatThrownBy(() -> with(Settings.STUDENT_SGD.lr(), 0.0)).isInstanceOf(BadInputException.class)
                .hasMessage("--student-lr 0.0 is outside (0, 10]: use e.g. 0.05");
        assertThatThrownBy(() -> with(Settings.TEACHER_SGD.schedule(), "linear")).isInstanceOf(BadInputException.class)
                .hasMessage("unknown schedule 'linear': valid schedules are cosine, constant, step");
        assertThatThrownBy(() -> with(Settings.VALIDATION_FRACTION, 0.95)).isInstanceOf(BadInputException.class)
                .hasMessage("--validation-fraction 0.95 is outside (0, 0.9): use e.g. 0.1");
        assertThatThrownBy(() -> new OptimizerConfig(0, 0.9, 0, 0)).isInstanceOf(BadInputException.class);
    }

    @Test
    void everySettingHasOneNameOneKeyAndADefaultUnderEveryPreset() {
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Setting<?> s : Settings.ALL) {
            assertThat(names.add(s.name())).as("name %s once", s.name()).isTrue();
            assertThat(keys.add(s.jsonKey())).as("key %s once", s.jsonKey()).isTrue();
            assertThat(s.description()).contains("Default: ");
        }
        for (String p : Preset.labels()) {
            StudyConfig c = preset(p);
            assertThat(Settings.ALL).allSatisfy(s -> assertThat(c.values().has(s) || s == Settings.TEACHER
                    || s == Settings.TEACHER_TORCHSCRIPT || s == Settings.TEACHER_OUTPUTS || s == Settings.CACHE_DIR
                    || s == Settings.UNLABELLED_DIR).isTrue());
        }
    }

    @Test
    void studentNamesFollowAlpha() {
        assertThat(StudyConfig.studentName(1)).isEqualTo("student-a1");
        assertThat(StudyConfig.studentName(0)).isEqualTo("student-a0");
        assertThat(StudyConfig.studentName(0.5)).isEqualTo("student-a0.5");
    }

    @Test
    void unlabelledImagesTrainTeacherOnlyStudentsAndDefaultToAlphaZero() {
        java.nio.file.Path dir = java.nio.file.Path.of("unlabelled");
        StudyConfig c = with(Settings.UNLABELLED_DIR, dir);
        assertThat(c.alphas()).containsExactly(0.0);
        assertThat(c.dataRequest().unlabelledDir()).isEqualTo(dir);
        StudyConfig composed = StudyConfig.of(SettingValues.empty().with(Settings.UNLABELLED_DIR, dir)
                .with(Settings.METHODS, java.util.List.of("kd", "rkd+kd", "at+kd"))
                .with(Settings.METHOD_PARAM, java.util.Map.of("kd.alpha", 0.0)));
        assertThat(composed.methods()).hasSize(3);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> StudyConfig.of(SettingValues.empty()
                        .with(Settings.UNLABELLED_DIR, dir).with(Settings.METHODS, java.util.List.of("kd")))))
                .isInstanceOf(io.distill4j.BadInputException.class)
                .hasMessageContaining("student-kd learns from labels");
        assertThat(with(Settings.ALPHAS, java.util.List.of(1.0, 0.0, 0.5)).dataRequest().unlabelledDir()).isNull();
    }
}
