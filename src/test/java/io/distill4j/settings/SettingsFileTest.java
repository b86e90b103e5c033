package io.distill4j.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.study.RunDirectory;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.train.OptimizerConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config} files and {@code config.json}, of this version and of bc7052e. */
class SettingsFileTest {
    @TempDir Path tmp;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void relativePathsInAFileAreTheFilesFolderAndFlagsStayTheWorkingDirectorys() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("project/configs"));
        Path config = Files.writeString(folder.resolve("s.yaml"),
                "data-dir: ../data\ncache-dir: " + tmp.resolve("abs") + "\nunlabelled-dir: extra\n");
        SettingValues read = SettingsFile.read(config);
        assertThat(read.get(Settings.DATA_DIR)).isEqualTo(tmp.resolve("project/data").toAbsolutePath());
        assertThat(read.get(Settings.CACHE_DIR)).isEqualTo(tmp.resolve("abs"));
        assertThat(read.get(Settings.UNLABELLED_DIR)).isEqualTo(folder.resolve("extra").toAbsolutePath());
        // a flag is typed in the working directory, and stays relative to it
        SettingValues flags = SettingValues.empty().with(Settings.DATA_DIR, Path.of("here"));
        assertThat(flags.over(read).get(Settings.DATA_DIR)).isEqualTo(Path.of("here"));
    }

    @Test
    void yamlAndJsonFilesLayerBetweenPresetAndFlags() throws Exception {
        SettingValues yaml = SettingsFile.read(file("s.yaml",
                "preset: quick\nalphas: [1, 0.25]\nteacher-epochs: 7\nstudent-lr: 0.02\nmethod-param: {rkd.angle-weight: 10}\n"));
        SettingValues json = SettingsFile.read(file("s.json", "{\"temperature\": 2, \"batch-size\": 32, \"augment\": false}"));
        SettingValues flags = SettingValues.empty().with(Settings.DATASET, "synthetic").with(Settings.SEED, 9L)
                .with(Settings.TEACHER_EPOCHS, 4);
        StudyConfig c = StudyConfig.of(flags.over(yaml.over(json)));
        assertThat(c.preset()).isEqualTo("quick");
        assertThat(c.dataset()).isEqualTo("synthetic");
        assertThat(c.alphas()).containsExactly(1.0, 0.25);
        assertThat(c.teacherEpochs()).isEqualTo(4);
        assertThat(c.studentEpochs()).isEqualTo(3);
        assertThat(c.temperature()).isEqualTo(2);
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.augment()).isFalse();
        assertThat(c.seed()).isEqualTo(9);
        assertThat(c.studentOptimizer().learningRate()).isEqualTo(0.02);
        assertThat(c.teacherOptimizer().learningRate()).isEqualTo(0.05);
        assertThat(c.methodParams()).isEqualTo(Map.of("rkd.angle-weight", 10.0));
    }

    @Test
    void unknownKeysWrongTypesAndBrokenFilesAreRejectedByName() throws Exception {
        assertThatThrownBy(() -> SettingsFile.read(file("a.yaml", "teacher-epoch: 3\n")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown key 'teacher-epoch'")
                .hasMessageContaining("teacher-epochs").hasMessageContaining("student-lr");
        assertThatThrownBy(() -> SettingsFile.read(file("b.json", "{\"temperature\": \"hot\"}")))
                .isInstanceOf(BadInputException.class)
                .hasMessageEndingWith(": key 'temperature' has the wrong type (expected a number)");
        assertThatThrownBy(() -> SettingsFile.read(file("c.json", "{\"alphas\": [1, \"x\"]}")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("alphas");
        assertThatThrownBy(() -> SettingsFile.read(file("g.json", "{\"teacher-epochs\": 2.5}")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> SettingsFile.read(file("h.json", "{\"seeds\": 2, \"seeds\": 3}")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("seeds");
        assertThatThrownBy(() -> SettingsFile.read(file("d.json", "{oops")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SettingsFile.read(file("e.json", "")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> SettingsFile.read(tmp.resolve("missing.yaml")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
        SettingValues bad = SettingsFile.read(file("f.yaml", "alphas: [2]\n"));
        assertThatThrownBy(() -> StudyConfig.of(bad))
                .isInstanceOf(BadInputException.class).hasMessageContaining("outside [0, 1]");
    }

    @Test
    void configJsonHoldsEverySettingAndReadsBackEqual() throws Exception {
        StudyConfig c = StudyConfig.of(SettingValues.empty().with(Settings.PRESET, "quick")
                .with(Settings.METHODS, List.of("ce", "rkd")).with(Settings.METHOD_PARAM, Map.of("rkd.angle-weight", 10.0))
                .with(Settings.STUDENT_SGD.lr(), 0.01).with(Settings.STUDENT_SGD.schedule(), "constant"));
        JsonNode json = Json.mapper().valueToTree(SettingsFile.toJson(c));
        assertThat(json.size()).isEqualTo(Settings.ALL.size());
        assertThat(json.path("student_lr").asDouble()).isEqualTo(0.01);
        assertThat(json.path("teacher_weights").isNull()).isTrue();
        assertThat(json.path("method_params").path("rkd.angle-weight").asDouble()).isEqualTo(10);
        assertThat(SettingsFile.fromJson(json)).isEqualTo(c);
    }

    @Test
    void configJsonOfTheVersionBeforeTheSettingsRegistryStillLoads() throws Exception {
        StudyConfig methods = SettingsFile.fromJson(oldSettings("config-bc7052e-methods.json"));
        assertThat(methods.preset()).isEqualTo("quick");
        assertThat(methods.seed()).isEqualTo(7);
        assertThat(methods.seeds()).isEqualTo(2);
        assertThat(methods.methods()).containsExactly("ce", "rkd+kd");
        assertThat(methods.methodParams()).isEqualTo(Map.of("rkd.angle-weight", 10.0));
        assertThat(methods.dataDir()).isEqualTo(Path.of("/tmp/cache"));
        assertThat(methods.studentOptimizer()).isEqualTo(new OptimizerConfig(0.05, 0.9, 5e-4, 1));
        StudyConfig paper = SettingsFile.fromJson(oldSettings("config-bc7052e-paper.json"));
        assertThat(paper.teacherOptimizer())
                .isEqualTo(new OptimizerConfig(0.005, 0.9, 0.005, 0, OptimizerConfig.Schedule.CONSTANT));
        assertThat(paper.teacherModel()).isEqualTo("alexnet-227");
        assertThat(paper.augment()).isFalse();
    }

    private static JsonNode oldSettings(String name) throws Exception {
        try (InputStream in = SettingsFileTest.class.getResourceAsStream(name)) {
            return Json.mapper().readTree(in).path("settings");
        }
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
