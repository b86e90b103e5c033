package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.eval.Calibration;
import io.distill4j.eval.ConfusionMatrix;
import io.distill4j.eval.Footprint;
import io.distill4j.eval.ModelEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;

/** Reports of a 100-class dataset: readable confusion, most-confused pairs, per-class accuracy sorted. */
class HundredClassesReportTest {
    private static final List<String> NAMES = IntStream.range(0, 100).mapToObj(c -> "species-" + c).toList();

    @TempDir Path tmp;

    /**
     * 10 images per class; class c is right on 10 − (c mod 10) images, its errors going to class
     * c + 1, except that class 42 sends all 10 to class 17: the most confused pair.
     */
    static ModelEvaluation evaluation(String model) {
        long[][] counts = new long[100][100];
        for (int c = 0; c < 100; c++) {
            int wrong = c == 42 ? 10 : c % 10;
            counts[c][c] = 10 - wrong;
            counts[c][c == 42 ? 17 : (c + 1) % 100] += wrong;
        }
        double[] conf = new double[1000];
        boolean[] correct = new boolean[1000];
        IntStream.range(0, 1000).forEach(i -> {
            conf[i] = 0.5;
            correct[i] = i % 2 == 0;
        });
        return new ModelEvaluation(model, ConfusionMatrix.of(NAMES, counts), null, null,
                Calibration.of(conf, correct, Calibration.BINS), new Footprint(1, 1, 1, 1, 1, 256, 1, 1));
    }

    @Test
    void mostConfusedPairsComeFirstByCountWithTheShareOfTheTrueClass() {
        List<ConfusionMatrix.ConfusedPair> pairs = evaluation("m").confusion().mostConfused();
        assertThat(pairs).hasSize(ConfusionMatrix.MOST_CONFUSED);
        assertThat(pairs.get(0)).isEqualTo(new ConfusionMatrix.ConfusedPair("species-42", "species-17", 10, 1.0));
        // then the classes ending in 9 (9 errors each), in label order
        assertThat(pairs.get(1)).isEqualTo(new ConfusionMatrix.ConfusedPair("species-9", "species-10", 9, 0.9));
        assertThat(pairs.subList(1, 10)).allMatch(p -> p.count() == 9);
        assertThat(pairs.get(9).trueClass()).isEqualTo("species-89");
    }

    @Test
    void aboveTwentyClassesTheHeatMapShowsNoNumbersAndGrowsToKeepEveryName() {
        HeatMapChart big = Charts.confusionChart("m", evaluation("m").confusion());
        assertThat(big.getStyler().isShowValue()).isFalse();
        assertThat(big.getWidth()).isGreaterThanOrEqualTo(12 * 100);
        HeatMapChart small = Charts.confusionChart("m", RunFixture.evaluation("m", 0.7, false).confusion());
        assertThat(small.getStyler().isShowValue()).isTrue();
        assertThat(small.getWidth()).isEqualTo(Charts.WIDTH);
        // the colour scale is in the title, counted in whole images, not on XChart's legend ("0.0 / 200.0")
        assertThat(small.getStyler().isLegendVisible()).isFalse();
        assertThat(small.getTitle()).matches("Confusion matrix: m \\(white 0 → blue [0-9,]+ images?\\)");
    }

    @Test
    void evaluationJsonAndReportListTheMostConfusedPairsAndSortClassesHardestFirst() throws Exception {
        Path run = RunFixture.write(tmp.resolve("run"), 1, false);
        List<ModelEvaluation> evaluations = List.of(evaluation("teacher"), evaluation("student-a1"),
                evaluation("student-a0"), evaluation("student-a0.5"));
        Path json = run.resolve(EvaluationWriter.FILE_NAME);
        EvaluationWriter.write(json, evaluations);
        assertThat(Files.readString(json)).contains("\"most_confused\"", "\"true_class\" : \"species-42\"",
                "\"predicted_class\" : \"species-17\"", "\"share_of_true_class\" : 1.0");
        assertThat(EvaluationWriter.read(json)).isEqualTo(evaluations);

        String html = Files.readString(HtmlReport.write(run));
        assertThat(html).contains("<th>true class (teacher)</th>",
                "<tr><td>species-42</td><td>species-17</td><td>10</td><td>100.0</td></tr>");
        // per class: 42 (0 %) first, then the classes ending in 9 (10 %), the ones ending in 0 (100 %) last
        int hardest = html.indexOf("<tr><td>species-42</td><td>0.0</td>");
        int next = html.indexOf("<tr><td>species-9</td><td>10.0</td>");
        int easiest = html.indexOf("<tr><td>species-0</td><td>100.0</td>");
        assertThat(hardest).isPositive();
        assertThat(next).isGreaterThan(hardest);
        assertThat(easiest).isGreaterThan(next);
        assertThat(html).doesNotContain("airplane");
    }
}
