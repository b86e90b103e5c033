package io.distill4j.study;

import io.distill4j.settings.Settings;
import io.distill4j.settings.SettingValues;
import io.distill4j.settings.SettingsFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.distill.Methods;
import io.distill4j.model.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped configs of the field's CIFAR-100 table read, validate and state the recipe. */
class BenchConfigsTest {
    @Test
    void everyRowHoldsTheRecipeAndNamesZooModels() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("configs/cifar100-bench"))) {
            files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSize(4);
        for (Path f : files) {
            SettingValues v = SettingsFile.read(f);
            assertThat(v.get(Settings.DATASET)).isEqualTo("cifar100");
            assertThat(ModelRegistry.get(v.get(Settings.TEACHER_MODEL))).isNotNull();
            assertThat(f.getFileName().toString()).isEqualTo(v.get(Settings.TEACHER_MODEL) + "-"
                    + v.get(Settings.STUDENT_MODEL) + ".yaml");
            Methods.validate(v.get(Settings.METHODS), v.get(Settings.METHOD_PARAM));
            assertThat(v.get(Settings.STUDENT_EPOCHS)).isEqualTo(240);
            assertThat(v.get(Settings.STUDENT_SGD.schedule())).isEqualTo("step");
            assertThat(v.get(Settings.BATCH_SIZE)).isEqualTo(64);
            assertThat(v.get(Settings.TEMPERATURE)).isEqualTo(4.0);
            assertThat(v.get(Settings.STUDENT_SGD.lr()))
                    .isEqualTo(v.get(Settings.STUDENT_MODEL).startsWith("shufflenet") ? 0.01 : 0.05);
        }
    }
}
