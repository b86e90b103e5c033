package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.eval.ModelResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategorySeries;

/**
 * report.html answers first (question, accuracy, curves, verdicts; settings last and collapsed),
 * shows only the settings that apply, writes numbers for people, rounds a figure one way wherever it
 * appears, and warns when the teacher or a student undercuts the comparison.
 */
class ReportAnswersFirstTest {
    @TempDir Path tmp;

    @Test
    void sectionsComeInAnswerFirstOrderWithTheSettingsCollapsedAtTheEnd() throws Exception {
        String html = Files.readString(HtmlReport.write(RunFixture.write(tmp.resolve("run"), 3, true)), StandardCharsets.UTF_8);
        List<Integer> at = new ArrayList<>();
        for (String id : List.of("question", "accuracy", "curves", "statistics", "evaluation", "footprint", "protocol")) {
            at.add(html.indexOf("id=\"" + id + "\""));
        }
        assertThat(at).doesNotContain(-1).isSorted();
        assertThat(html.indexOf("<details>")).isGreaterThan(html.indexOf("id=\"protocol\""));
        assertThat(html.indexOf("<table class=\"kv\">")).isGreaterThan(html.indexOf("<details>"));
        assertThat(html).doesNotContain("id=\"warnings\""); // the fixture's teacher beats every student
    }

    @Test
    void onlyTheSettingsThatApplyWithNumbersForPeople() throws Exception {
        JsonNode settings = new ObjectMapper().readTree("{\"dataset\": \"synthetic\", \"data_dir\": \"/d\", \"labels\": \"fine\","
                + " \"cache_dir\": null, \"test_fraction\": 0.2, \"skip_bad_images\": false, \"methods\": [\"kd\", \"dkd\"],"
                + " \"alphas\": [1.0, 0.0], \"method_params\": {}, \"teacher_weights\": \"t.params\", \"teacher_lr\": 0.05,"
                + " \"teacher_epochs\": 20, \"student_weight_decay\": 0.0005, \"student_warmup_epochs\": 1.0, \"augment\": false}");
        JsonNode kept = AppliedSettings.of(settings);
        List<String> names = new ArrayList<>();
        kept.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("dataset", "methods", "teacher_weights", "student_weight_decay",
                "student_warmup_epochs", "augment");
        assertThat(AppliedSettings.text(kept.get("student_weight_decay"))).isEqualTo("0.0005");
        assertThat(AppliedSettings.text(kept.get("student_warmup_epochs"))).isEqualTo("1");
        JsonNode folder = AppliedSettings.of(new ObjectMapper().readTree(
                "{\"dataset\": \"folder\", \"data_dir\": \"/d\", \"test_fraction\": 0.2, \"skip_bad_images\": true}"));
        assertThat(folder.has("data_dir") && folder.has("test_fraction") && folder.has("skip_bad_images")).isTrue();
    }

    @Test
    void aFigureIsRoundedTheSameWayInTheTableTheChartAndTheText() {
        assertThat(Formats.percent(100 * 0.9725)).isEqualTo("97.3");
        assertThat(Formats.percent(97.25)).isEqualTo("97.3");
        assertThat(Formats.percent(97.24999)).isEqualTo("97.2");
        ModelResult m = new ModelResult("student-a1", "student-a1", "ce", 1, "student-cnn", "student", 1.0, 0.9725, 0.9725,
                0.9725, 1, 1, 1, 1);
        CategorySeries test = Charts.accuracyChart(List.of(m)).getSeriesMap().get("test");
        double bar = test.getYData().iterator().next().doubleValue();
        assertThat(String.format(java.util.Locale.ROOT, "%.1f", bar)).isEqualTo(Formats.percent(100 * m.testAcc()));
        assertThat(new java.text.DecimalFormat("#0.0").format(bar)).isEqualTo("97.3");
    }

    @Test
    void aTeacherNoBetterThanLabelsAndAStudentAtChanceAreWarnedAbout() throws Exception {
        Path run = RunFixture.write(tmp.resolve("weak"), 1, true);
        List<ModelResult> models = new ArrayList<>();
        for (ModelResult m : RunFiles.read(run).models()) {
            double test = m.role().equals("teacher") ? 0.60 : m.name().equals("student-a0") ? 0.30 : m.testAcc();
            models.add(new ModelResult(m.name(), m.group(), m.method(), m.seed(), m.architecture(), m.role(), m.alpha(),
                    m.trainAcc(), m.valAcc(), test, m.parameters(), m.sizeMb(), m.macs(), m.trainSeconds()));
        }
        ResultsWriter.writeJson(run.resolve(ResultsWriter.JSON_FILE), models, Map.of("preset", "quick"));
        String html = Files.readString(HtmlReport.write(run), StandardCharsets.UTF_8);
        assertThat(html.indexOf("id=\"warnings\"")).isPositive().isLessThan(html.indexOf("id=\"accuracy\""));
        assertThat(html).contains("The teacher (60.0 % test) is no better than the labels-only student (71.0 %)")
                .contains("student-a0 is at chance (30.0 % test; guessing gives 33.3 % with 3 classes)");
    }
}
