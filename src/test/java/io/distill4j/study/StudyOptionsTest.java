package io.distill4j.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyOptionsTest {
    @TempDir Path tmp;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void yamlAndJsonFilesLayerBetweenPresetAndFlags() throws Exception {
        StudyOptions yaml = StudyOptions.read(file("s.yaml", "preset: quick\nalphas: [1, 0.25]\nteacher-epochs: 7\n"));
        StudyOptions json = StudyOptions.read(file("s.json", "{\"temperature\": 2, \"batch-size\": 32}"));
        StudyOptions flags = new StudyOptions(null, "synthetic", null, 9L, null, null, 4, null, null, null, null, null, null, null, null, null, null, null, null);
        StudyConfig c = flags.over(yaml.over(json)).toConfig(Path.of("cache"));
        assertThat(c.preset()).isEqualTo("quick");
        assertThat(c.dataset()).isEqualTo("synthetic");
        assertThat(c.alphas()).containsExactly(1.0, 0.25);
        assertThat(c.teacherEpochs()).isEqualTo(4);
        assertThat(c.studentEpochs()).isEqualTo(Preset.QUICK.studentEpochs());
        assertThat(c.temperature()).isEqualTo(2);
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.seed()).isEqualTo(9);
        assertThat(c.dataDir()).isEqualTo(Path.of("cache"));
    }

    @Test
    void unknownKeysWrongTypesAndBrokenFilesAreRejectedByName() throws Exception {
        assertThatThrownBy(() -> StudyOptions.read(file("a.yaml", "teacher-epoch: 3\n")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown key 'teacher-epoch'")
                .hasMessageContaining("teacher-epochs");
        assertThatThrownBy(() -> StudyOptions.read(file("b.json", "{\"temperature\": \"hot\"}")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("key 'temperature' has the wrong type");
        assertThatThrownBy(() -> StudyOptions.read(file("c.json", "{\"alphas\": [1, \"x\"]}")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("alphas");
        assertThatThrownBy(() -> StudyOptions.read(file("d.json", "{oops")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> StudyOptions.read(file("e.json", "")))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> StudyOptions.read(tmp.resolve("missing.yaml")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
        StudyOptions bad = StudyOptions.read(file("f.yaml", "alphas: [2]\n"));
        assertThatThrownBy(() -> bad.toConfig(Path.of("x")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("outside [0, 1]");
    }

    @Test
    void aLockedRunDirectoryIsRefusedToASecondStudy() throws Exception {
        try (RunDirectory first = RunDirectory.create(tmp.resolve("run"))) {
            Files.writeString(first.path().resolve("config.json"), "{}");
            assertThatThrownBy(() -> RunDirectory.open(first.path()))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("in use by another study");
        }
        try (RunDirectory reopened = RunDirectory.open(tmp.resolve("run"))) {
            assertThatThrownBy(reopened::readConfig)
                    .isInstanceOf(BadInputException.class).hasMessageContaining("cannot be resumed");
        }
    }
}
