package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.BadInputException;
import io.distill4j.eval.ModelResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsWriterTest {
    @TempDir Path dir;

    private static final List<ModelResult> MODELS = List.of(
            new ModelResult("teacher", "teacher", null, 1L, "alexnet", "teacher", null, 0.99123, 0.8234, 0.81649, 23_272_266, 93.09, 712_345_678, 3723),
            new ModelResult("student-a1", "student-a1", "ce", 1L, "small-cnn", "student", 1.0, 0.7512, 0.7049, 0.6995, 1_234_567, 4.938268, 45_678_901, 754.4),
            new ModelResult("student-a0", "student-a0", "kd", 1L, "small-cnn", "student", 0.0, 0.80, 0.70, 0.6874, 1_234_567, 4.938268, 45_678_901, 754.4),
            new ModelResult("student-a0.5", "student-a0.5", "kd", 1L, "small-cnn", "student", 0.5, 0.7777, 0.7222, 0.7111, 1_234_567, 4.938268, 45_678_901, 42.04)
                    .withBest(new ModelResult.Best(7, 0.7301, 0.7149)));

    @Test
    void markdownTableHasTheFormattedNumbers() throws IOException {
        Path md = dir.resolve("run/results.md");
        ResultsWriter.writeMarkdown(md, "Distillation study", "An AlexNet teacher and three students.\n", MODELS, Map.of());
        assertThat(Files.readString(md)).isEqualTo("""
                # Distillation study

                An AlexNet teacher and three students.

                | model | architecture | α | parameters | size (MB) | MACs/image | train % | val % | test % | best epoch: test % (epoch) | train time |
                | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                | teacher | alexnet | — | 23,272,266 | 93.09 | 712.35 M | 99.1 | 82.3 | 81.6 | — | 1 h 02 min |
                | student-a1 | small-cnn | 1 | 1,234,567 | 4.94 | 45.68 M | 75.1 | 70.5 | 70.0 | — | 12 min 34 s |
                | student-a0 | small-cnn | 0 | 1,234,567 | 4.94 | 45.68 M | 80.0 | 70.0 | 68.7 | — | 12 min 34 s |
                | student-a0.5 | small-cnn | 0.5 | 1,234,567 | 4.94 | 45.68 M | 77.8 | 72.2 | 71.1 | 71.5 (7) | 42.0 s |

                Train, val and test % are the last epoch's. The best epoch is the one of highest validation accuracy; its column gives its weights' test accuracy. The field's papers report the highest test accuracy over all epochs, which chooses the epoch on the test set and so reads higher.

                ## Methods

                | student | method | seeds | test % | Δ test vs labels-only (points) |
                | --- | --- | ---: | ---: | ---: |
                | student-a0.5 | kd | 1 | 71.1 | +1.2 |
                | student-a1 | ce | 1 | 70.0 | +0.0 |
                | student-a0 | kd | 1 | 68.7 | -1.2 |
                """);
    }

    @Test
    void comparisonTableListsModelsThenUnmatchedPublishedNames() {
        Map<String, ResultsWriter.Reference> published = new LinkedHashMap<>();
        published.put("teacher", new ResultsWriter.Reference(0.995, 0.82, 0.8102));
        published.put("student-a0.5", new ResultsWriter.Reference(null, 0.73, 0.72));
        published.put("student-a2", new ResultsWriter.Reference(0.5, 0.5, 0.5));
        String md = ResultsWriter.markdown("T", "", MODELS.subList(0, 2), published);
        assertThat(md).startsWith("# T\n\n| model |").endsWith("""
                ## Comparison with published figures

                | configuration | seeds | train % | train % (published) | val % | val % (published) | test % | test % (published) | Δ test (points) |
                | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                | teacher | 1 | 99.1 | 99.5 | 82.3 | 82.0 | 81.6 | 81.0 | +0.6 |
                | student-a1 | 1 | 75.1 | — | 70.5 | — | 70.0 | — | — |
                | student-a0.5 | — | — | — | — | 73.0 | — | 72.0 | — |
                | student-a2 | — | — | 50.0 | — | 50.0 | — | 50.0 | — |
                """);
    }

    @Test
    void publishedFiguresAreComparedWithTheMeanOfEachConfigurationsSeeds() throws IOException {
        // RunFixture, 3 seeds: test accuracy labels-only 71, 72, 73 %; α = 0 70.9, 71.8, 72.7 %;
        // α = 0.5 73.1, 74.0, 75.1 %; train = test + 5 points, validation = test + 0.5 points; teacher 85 %
        Path run = RunFixture.write(dir.resolve("seeds"), 3, false);
        String md = ResultsWriter.markdown("T", "", ResultsWriter.readJson(run.resolve(ResultsWriter.JSON_FILE)),
                PublishedFigures.forStudy("standard", "cifar10"));
        assertThat(md).endsWith("""
                ## Comparison with published figures

                | configuration | seeds | train % | train % (published) | val % | val % (published) | test % | test % (published) | Δ test (points) |
                | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                | teacher | 1 | 90.0 | 91.0 | 85.5 | 83.0 | 85.0 | 82.0 | +3.0 |
                | student-a1 | 3 | 77.0 | 53.0 | 72.5 | 53.0 | 72.0 | 52.0 | +20.0 |
                | student-a0 | 3 | 76.8 | 63.0 | 72.3 | 62.0 | 71.8 | 62.0 | +9.8 |
                | student-a0.5 | 3 | 79.1 | 64.0 | 74.6 | 62.0 | 74.1 | 62.0 | +12.1 |
                """);
    }

    @Test
    void thePaperPresetIsComparedWithTheNotebookToo() {
        assertThat(PublishedFigures.forStudy("paper", "cifar10")).isEqualTo(PublishedFigures.NOTEBOOK);
        assertThat(PublishedFigures.forStudy("standard", "cifar10")).isEqualTo(PublishedFigures.NOTEBOOK);
        assertThat(PublishedFigures.forStudy("quick", "cifar10")).isEmpty();
        assertThat(PublishedFigures.forStudy("paper", "synthetic")).isEmpty();
    }

    @Test
    void jsonParsesBackWithSnakeCaseFieldsAndMetadata() throws IOException {
        Path json = dir.resolve("results.json");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("seed", 42);
        meta.put("config", Map.of("epochs", 30));
        ResultsWriter.writeJson(json, MODELS, meta);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.fieldNames()).toIterable().containsExactly("models", "seed", "config");
        JsonNode teacher = root.get("models").get(0);
        assertThat(teacher.get("name").asText()).isEqualTo("teacher");
        assertThat(teacher.get("alpha").isNull()).isTrue();
        assertThat(teacher.get("train_acc").asDouble()).isEqualTo(0.99123);
        assertThat(teacher.get("size_mb").asDouble()).isEqualTo(93.09);
        assertThat(teacher.get("train_seconds").asDouble()).isEqualTo(3723.0);
        assertThat(root.get("models").get(3).get("alpha").asDouble()).isEqualTo(0.5);
        assertThat(root.at("/config/epochs").asInt()).isEqualTo(30);

        assertThat(ResultsWriter.readJson(json)).isEqualTo(MODELS);
    }

    @Test
    void badJsonIsBadInput() throws IOException {
        Path json = Files.writeString(dir.resolve("r.json"), "{\"runs\": []}");
        assertThatThrownBy(() -> ResultsWriter.readJson(json))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no 'models' array");
        assertThatThrownBy(() -> ResultsWriter.readJson(dir.resolve("missing.json")))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> ResultsWriter.writeJson(json, MODELS, Map.of("models", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durations() {
        assertThat(ResultsWriter.duration(59.94)).isEqualTo("59.9 s");
        assertThat(ResultsWriter.duration(60)).isEqualTo("1 min 00 s");
        assertThat(ResultsWriter.duration(7322)).isEqualTo("2 h 02 min");
    }
}
