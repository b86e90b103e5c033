package io.distill4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.settings.SettingValues;
import io.distill4j.settings.StudyConfig;
import org.junit.jupiter.api.Test;

/**
 * The Java API's defaults and valid ranges are the settings table's ({@code settings/Settings}), so that a
 * student trained through the API with default options is the one {@code distill study} trains, and a
 * value the command line refuses is refused by the API with the same interval.
 */
class ApiDefaultsTest {
    private static final StudyConfig STUDY = StudyConfig.of(SettingValues.empty());

    @Test
    void defaultOptionsAreTheStudysStandardSettings() {
        TrainOptions t = TrainOptions.DEFAULT;
        assertThat(t.epochs()).isEqualTo(STUDY.studentEpochs());
        assertThat(t.batchSize()).isEqualTo(STUDY.batchSize());
        assertThat(t.optimizer().config()).isEqualTo(STUDY.studentOptimizer());
        assertThat(t.hardware()).isEqualTo(Hardware.cpu());
        assertThat(t.precision()).isEqualTo(Precision.FP32);
        assertThat(t.seed()).isEqualTo(STUDY.seed());
        assertThat(t.augment()).isEqualTo(STUDY.augment());
        DistillOptions d = DistillOptions.of("kd");
        assertThat(d.student()).isEqualTo(STUDY.studentModel());
        assertThat(d.temperature()).isEqualTo(STUDY.temperature());
    }

    @Test
    void theApiRefusesWhatTheCommandLineRefusesWithTheSameInterval() {
        String cli = message(() -> StudyConfig.of(SettingValues.empty().with(io.distill4j.settings.Settings.STUDENT_EPOCHS, 1001)));
        String api = message(() -> TrainOptions.DEFAULT.withEpochs(1001));
        assertThat(cli).contains("is outside [1, 1000]");
        assertThat(api).contains("is outside [1, 1000]");
        assertThatThrownBy(() -> TrainOptions.DEFAULT.withBatchSize(4097)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(io.distill4j.settings.Settings.BATCH_SIZE_RANGE.toString());
        assertThat(TrainOptions.BATCH_SIZE).hasToString(io.distill4j.settings.Settings.BATCH_SIZE_RANGE.toString());
        assertThat(TrainOptions.EPOCHS.contains(1000)).isTrue();
        assertThat(TrainOptions.EPOCHS.contains(1001)).isFalse();
        assertThat(DistillOptions.TEMPERATURE).hasToString(io.distill4j.settings.Settings.TEMPERATURE_RANGE.toString());
        assertThatThrownBy(() -> new SgdOptions(0, 0.9, 5e-4, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("learning rate 0.0 is outside " + SgdOptions.LEARNING_RATE);
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused");
    }
}
