package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final Pattern IMG = Pattern.compile("<img [^>]*src=\"([^\"]*)\"");

    @TempDir Path tmp;

    @Test
    void threeSeedsWithEvaluationGiveStatisticsAndEverySection() throws Exception {
        Path run = RunFixture.write(tmp.resolve("run"), 3, true);
        Path report = HtmlReport.write(run);
        assertThat(report).isEqualTo(run.resolve("report.html"));
        String html = Files.readString(report);
        // α = 0.5 − labels-only, points: d = (2.1, 2.0, 2.1), mean 2.0667, sd 0.057735, se 0.033333,
        // CI 2.0667 ± 4.302653 · 0.033333 = 1.92–2.21; t = 62, p = 1 − 62/√(62² + 2) = 0.00026 < 0.001
        assertThat(html).contains(Html.escape(
                "α = 0.5 beats labels-only by 2.1 points (95 % CI 1.9–2.2, p < 0.001, 3 seeds)"));
        // α = 0 − labels-only: d = (−0.1, −0.2, −0.3), mean −0.2, sd 0.1, t = −2√3, p = 0.0741799,
        // CI −0.2 ± 4.302653 · 0.1/√3 = −0.448…0.048
        assertThat(html).contains("No significant difference between α = 0 and labels-only (Δ = −0.2 points,"
                + " 95 % CI −0.4–0.0, p = 0.074, 3 seeds)");
        // labels-only test accuracies 71, 72, 73: 72.0 ± 1.0, CI 72 ± 4.302653/√3 = 69.5–74.5
        assertThat(html).contains("<td>student-a1</td><td>labels-only</td><td>student-cnn</td><td>3</td>"
                + "<td>72.0 ± 1.0</td><td>69.5–74.5</td>");
        assertThat(html).contains("The question", "How the study was run", "Accuracy", "Is distillation better",
                "Training curves", "A closer look at the test set", "Accuracy per class", "Confusion matrices",
                "Reliability diagrams", "Footprint", "<th>agreement with teacher %</th>", "<th>ECE %</th>",
                "<th>latency (ms, batch 1)</th>", "<td>cat</td>");
        // pooled seeds' agreement 0.8 and KL 0.25; the fixture's footprint 1.25 ms and 2,400 img/s
        assertThat(html).contains("<td>80.0</td><td>0.250</td>", "<td>1.25</td><td>2,400 (batch 256)</td>");
        assertSelfContained(html, 2 + 1 + 4 + 4);
        // the config's command holds markup: it is shown as text
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script");
    }

    @Test
    void oneSeedWithoutEvaluationSaysWhatIsMissing() throws Exception {
        Path run = RunFixture.write(tmp.resolve("single"), 1, false);
        String html = Files.readString(HtmlReport.write(run));
        assertThat(html).contains("trained with one seed only", "--seeds 3 or more",
                "has no evaluation.json", "Latency and throughput come from evaluation.json");
        assertThat(html).doesNotContain("Confusion matrices");
        assertSelfContained(html, 3);
    }

    @Test
    void missingConfigAndMetricsDegradeToSentences() throws Exception {
        Path run = RunFixture.write(tmp.resolve("bare"), 2, false);
        Files.delete(run.resolve("config.json"));
        Files.delete(run.resolve("metrics.csv"));
        String html = Files.readString(HtmlReport.write(run));
        assertThat(html).contains("has no config.json", "has no metrics.csv");
        assertSelfContained(html, 1);
    }

    @Test
    void mergingPrefixesOnlyTheGroupsTwoRunsShare() throws Exception {
        Path a = RunFixture.write(tmp.resolve("run-a"), 2, true);
        Path b = RunFixture.write(tmp.resolve("run-b"), 2, false);
        Path out = HtmlReport.merge(List.of(a, b), tmp.resolve("out/merged.html"));
        String html = Files.readString(out);
        assertThat(html).contains("<td>run-a/student-a1</td>", "<td>run-b/student-a0.5</td>",
                // Δ = (2.1 + 2.0) / 2 = 2.05, shown 2.0 (2.0499… in binary)
                "α = 0.5 (run-a) scored 2.0 points above labels-only (run-a) on average over 2 seeds",
                "α = 0.5 (run-b) scored 2.0 points above labels-only (run-b)", "Run run-b has no evaluation.json");
        assertThat(html).doesNotContain("<td>student-a1</td>");
        // two runs' training and validation curves, the accuracy chart, run-a's 4 confusion + 4 reliability charts
        assertSelfContained(html, 2 * 2 + 1 + 4 + 4);
        assertThat(html).doesNotContain("cannot be drawn", "no student epochs");

        Path other = Files.createDirectories(tmp.resolve("x/run-a"));
        RunFixture.write(other, 1, false);
        assertThatThrownBy(() -> HtmlReport.merge(List.of(a, other), tmp.resolve("m.html")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("two run directories are named 'run-a'");
    }

    @Test
    void mergedPageHoldsEveryStudentsCurvesOfBothRunsAndNoTeacher() throws Exception {
        Path a = RunFixture.write(tmp.resolve("run-a"), 2, false);
        Path b = RunFixture.write(tmp.resolve("run-b"), 2, false);
        ReportPage page = PageBuilder.build(HtmlReport.disambiguate(List.of(RunFiles.read(a), RunFiles.read(b))));
        assertThat(page.curves()).extracting(ReportPage.RunCurves::run).containsExactly("run-a", "run-b");
        for (ReportPage.RunCurves c : page.curves()) {
            assertThat(c.missing()).isNull();
            List<String> students = new ArrayList<>();
            for (int s = 1; s <= 2; s++) {
                for (String g : List.of("student-a1", "student-a0", "student-a0.5")) {
                    students.add(c.run() + "/" + g + "-s" + s);
                }
            }
            assertThat(c.training()).extracting(LossCurve::model).containsExactlyElementsOf(students);
            assertThat(c.validation()).extracting(LossCurve::model).containsExactlyElementsOf(students);
            // the fixture's losses: training 2 / epoch, validation 1.8 / epoch + 0.1
            assertThat(c.training().get(0).losses()).containsExactly(2.0, 1.0);
            assertThat(c.validation().get(0).epochs()).containsExactly(1, 2);
        }
    }

    @Test
    void twoSeedsSayTooFewSeedsInsteadOfAnInterval() throws Exception {
        Path run = RunFixture.write(tmp.resolve("two"), 2, false);
        String html = Files.readString(HtmlReport.write(run));
        // labels-only 71, 72: the t interval with 1 degree of freedom would be 65.1–77.9
        assertThat(html).contains("<td>student-a1</td><td>labels-only</td><td>student-cnn</td><td>2</td>"
                + "<td>71.5 ± 0.7</td><td>too few seeds</td>");
        // α = 0.5 − labels-only: d = (2.1, 2.0), Δ 2.05 (2.0499… in binary); its interval would be −4.3–8.4
        assertThat(html).contains("<td>student-a0.5</td><td>student-a1</td><td>2</td><td>2.0</td><td>too few seeds</td>"
                + "<td>—</td><td>undecided</td>", "fewer than 3 seeds gets no confidence interval");
        assertThat(html).doesNotContain("65.1–77.9", "−4.3–8.4", "95 % CI −", "(cut)");
    }

    @Test
    void resultsWithoutRolesTellTheTeacherByItsMissingMethodAndAlpha() throws Exception {
        Path run = RunFixture.write(tmp.resolve("noroles"), 1, false);
        Path results = run.resolve(ResultsWriter.JSON_FILE);
        Files.writeString(results, Files.readString(results).replaceAll("\"role\" : \"(teacher|student)\",", ""));
        assertThat(Files.readString(results)).doesNotContain("\"role\"");
        RunFiles files = RunFiles.read(run);
        assertThat(files.models()).extracting(m -> m.role()).containsExactly("teacher", "student", "student", "student");
        ReportPage page = PageBuilder.build(List.of(files));
        assertThat(page.curves().get(0).training()).extracting(LossCurve::model)
                .containsExactly("student-a1", "student-a0", "student-a0.5");
        assertThat(page.groups().get(0).teacher()).isTrue();
    }

    @Test
    void resultsWrittenBeforeGroupsExistedStillReport() throws Exception {
        Path run = RunFixture.write(tmp.resolve("old"), 1, false);
        Files.writeString(run.resolve("results.json"), """
                {"models": [
                  {"name": "teacher", "architecture": "alexnet", "role": "teacher", "alpha": null, "train_acc": 0.9,
                   "val_acc": 0.85, "test_acc": 0.85, "parameters": 5, "size_mb": 1, "macs": 7, "train_seconds": 1},
                  {"name": "student-a1", "architecture": "student-cnn", "role": "student", "alpha": 1.0,
                   "train_acc": 0.7, "val_acc": 0.7, "test_acc": 0.705, "parameters": 4, "size_mb": 1, "macs": 6,
                   "train_seconds": 1},
                  {"name": "student-a0.5", "architecture": "student-cnn", "role": "student", "alpha": 0.5,
                   "train_acc": 0.7, "val_acc": 0.7, "test_acc": 0.731, "parameters": 4, "size_mb": 1, "macs": 6,
                   "train_seconds": 1}]}
                """);
        String html = Files.readString(HtmlReport.write(run));
        assertThat(html).contains("α = 0.5 scored 2.6 points above labels-only with a single seed", "Seeds: 1.");
    }

    @Test
    void aDirectoryWithoutResultsIsBadInputNamingTheFile() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> HtmlReport.write(empty)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("has no results.json").hasMessageContaining("finished study run")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
        assertThatThrownBy(() -> HtmlReport.write(tmp.resolve("nowhere"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
        assertThat(empty.resolve("report.html")).doesNotExist();
    }

    @Test
    void escapesMarkup() {
        assertThat(Html.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    /** Every image is an inline PNG that decodes; nothing refers outside the page. */
    static void assertSelfContained(String html, int images) throws Exception {
        Matcher m = IMG.matcher(html);
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(m.group(1)).startsWith("data:image/png;base64,");
            byte[] png = Base64.getDecoder().decode(m.group(1).substring("data:image/png;base64,".length()));
            assertThat(ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
        }
        assertThat(found).isEqualTo(images);
        assertThat(html).doesNotContain("http://", "https://", "<link", "<script", "@import", "url(");
    }
}
