package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.eval.ModelEvaluation;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationWriterTest {
    @TempDir Path dir;

    @Test
    void writesSnakeCaseJsonAndReadsBackEqualRecords() throws Exception {
        List<ModelEvaluation> written = List.of(
                RunFixture.evaluation("teacher", 0.9, false), RunFixture.evaluation("student-a0", 0.7, true));
        Path json = dir.resolve(EvaluationWriter.FILE_NAME);
        EvaluationWriter.write(json, written);
        String text = Files.readString(json);
        assertThat(text).contains("\"teacher_agreement\" : 0.8", "\"throughput_img_per_s\"", "\"mean_confidence\"",
                "\"teacher_kl\" : null");
        assertThat(EvaluationWriter.read(json)).isEqualTo(written);
    }

    @Test
    void missingOrMalformedFilesAreBadInput() throws Exception {
        assertThatThrownBy(() -> EvaluationWriter.read(dir.resolve("none.json")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
        Path bad = Files.writeString(dir.resolve("bad.json"),
                "{\"models\": [{\"model\": \"x\", \"confusion\": {\"classes\": [\"a\"], \"counts\": [[1, 2]]}}]}");
        assertThatThrownBy(() -> EvaluationWriter.read(bad))
                .isInstanceOf(BadInputException.class).hasMessageContaining("model #1 is malformed");
        Path notJson = Files.writeString(dir.resolve("x.json"), "{\"other\": 1}");
        assertThatThrownBy(() -> EvaluationWriter.read(notJson)).hasMessageContaining("no 'models' array");
    }

    @Test
    void confusionAndReliabilityChartsArePngsOfTheChartSize() throws Exception {
        List<Path> files = Charts.writeEvaluation(dir, List.of(RunFixture.evaluation("student-a0", 0.7, true)));
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("confusion-student-a0.png", "reliability-student-a0.png");
        BufferedImage confusion = ImageIO.read(files.get(0).toFile());
        assertThat(confusion.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(confusion.getHeight()).isEqualTo(Charts.WIDTH);
        BufferedImage reliability = ImageIO.read(files.get(1).toFile());
        assertThat(reliability.getHeight()).isEqualTo(Charts.HEIGHT);
    }
}
