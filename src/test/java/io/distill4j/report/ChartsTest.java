package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import io.distill4j.eval.ModelResult;
import io.distill4j.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;

class ChartsTest {
    @TempDir Path dir;

    /** A study's metrics: the teacher, then three students trained together, {@code epochs} each. */
    static List<EpochMetrics> study(int epochs) {
        List<EpochMetrics> rows = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            rows.add(new EpochMetrics("teacher", e, 2.0 / e, 1.8 / e + 0.3, 0.5 + 0.3 * e / epochs, 0.01, 60));
        }
        String[] students = {"student-a1", "student-a0", "student-a0.5"};
        for (int e = 1; e <= epochs; e++) {
            for (int s = 0; s < students.length; s++) {
                double train = (1.5 + 0.4 * s) * Math.exp(-0.08 * e) + 0.2 * s;
                double val = 1.6 * Math.exp(-0.06 * e) + 0.55 + 0.05 * s + 0.004 * Math.max(0, e - 20);
                rows.add(new EpochMetrics(students[s], e, train, val, 0.4 + 0.3 * e / epochs, 0.01, 20));
            }
        }
        return rows;
    }

    static List<ModelResult> results() {
        return List.of(
                new ModelResult("student-a1", "student-a1", "ce", 1L, "small-cnn", "student", 1.0, 0.7512, 0.7049, 0.6995, 1_234_567, 4.94, 45_678_901, 754.4),
                new ModelResult("teacher", "teacher", null, 1L, "alexnet", "teacher", null, 0.99123, 0.8234, 0.81649, 23_272_266, 93.09, 712_345_678, 3723),
                new ModelResult("student-a0", "student-a0", "kd", 1L, "small-cnn", "student", 0.0, 0.80, 0.70, 0.6874, 1_234_567, 4.94, 45_678_901, 754.4),
                new ModelResult("student-a0.5", "student-a0.5", "kd", 1L, "small-cnn", "student", 0.5, 0.7777, 0.7222, 0.7111, 1_234_567, 4.94, 45_678_901, 42.04));
    }

    @Test
    void writesThreeReadablePngsOfTheExpectedSize() throws IOException {
        List<Path> files = Charts.writeAll(dir.resolve("run"), study(30), results());
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("train_loss.png", "val_loss.png", "accuracy.png");
        for (Path png : files) {
            assertPng(png);
        }
    }

    @Test
    void singleStudentWithOneEpoch() throws IOException {
        List<EpochMetrics> one = List.of(
                new EpochMetrics("teacher", 1, 2.0, 1.9, 0.3, 0.01, 60),
                new EpochMetrics("student-a1", 1, 1.2, 1.3, 0.45, 0.01, 20));
        List<ModelResult> res = List.of(results().get(0));
        for (Path png : Charts.writeAll(dir, one, res)) {
            assertPng(png);
        }
    }

    @Test
    void nonFiniteValuesStillRender() throws IOException {
        List<EpochMetrics> rows = new ArrayList<>(study(5));
        rows.add(new EpochMetrics("student-a0", 6, Double.NaN, Double.POSITIVE_INFINITY, 0.1, 0.01, 20));
        Path png = dir.resolve("nan.png");
        Charts.writeLoss(png, "training", LossCurve.students(rows, results(), EpochMetrics::trainLoss));
        assertPng(png);
        Charts.writeAccuracy(png, List.of(new ModelResult(
                "teacher", "teacher", null, 1L, "alexnet", "teacher", null, Double.NaN, 0.5, 0.5, 1, 1, 1, 1)));
        assertPng(png);
    }

    @Test
    void noStudentEpochsIsBadInputNotAnXChartCrash() {
        assertThatThrownBy(() -> Charts.writeAll(dir, List.of(), results()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no student epochs");
        List<EpochMetrics> teacherOnly = List.of(new EpochMetrics("teacher", 1, 2.0, 1.9, 0.3, 0.01, 60));
        assertThatThrownBy(() -> Charts.writeAll(dir, teacherOnly, results()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no student epochs");
        assertThatThrownBy(() -> Charts.writeAccuracy(dir.resolve("a.png"), List.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no model results");
    }

    @Test
    void methodsChartHasOneBarPerStudentBestFirst() throws IOException {
        // results() lists a1 (69.95 %), the teacher, a0 (68.74 %), a0.5 (71.11 %)
        CategorySeries bars = Charts.methodsChart(results()).getSeriesMap().get("test");
        assertThat(bars.getXData()).isEqualTo(List.of("student-a0.5", "student-a1", "student-a0"));
        List<Double> heights = bars.getYData().stream().map(Number::doubleValue).toList();
        assertThat(heights).hasSize(3);
        // bars carry the figure as the tables print it: one decimal, halves up (69.95 → 70.0)
        assertThat(heights.get(0)).isCloseTo(71.1, within(1e-9));
        assertThat(heights.get(1)).isCloseTo(70.0, within(1e-9));
        assertThat(heights.get(2)).isCloseTo(68.7, within(1e-9));
        Path png = dir.resolve("methods.png");
        Charts.writeMethods(png, results());
        assertPng(png);
        assertThatThrownBy(() -> Charts.writeMethods(png, results().subList(1, 2)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no student");
    }

    @Test
    void lossCurvesAreTheStudentsByRoleWhateverTheirNames() {
        // names as a merged, multi-seed report has them: none starts with "student"
        List<ModelResult> res = List.of(
                role("run-a/big-teacher", "teacher"), role("run-a/student-a1-s1", "student"), role("run-b/rkd-s2", "student"));
        List<EpochMetrics> rows = new ArrayList<>();
        for (int e = 2; e >= 1; e--) {
            for (String m : List.of("run-a/big-teacher", "run-a/student-a1-s1", "run-b/rkd-s2", "not-in-results")) {
                rows.add(new EpochMetrics(m, e, 10.0 * e, 1.0 / e, 0.5, 0.01, 1));
            }
        }
        rows.add(new EpochMetrics("run-b/rkd-s2", 1, 99, 99, 0.5, 0.01, 1)); // a repeated epoch: the last row wins
        List<LossCurve> curves = LossCurve.students(rows, res, EpochMetrics::trainLoss);
        assertThat(curves).extracting(LossCurve::model).containsExactly("run-a/student-a1-s1", "run-b/rkd-s2");
        assertThat(curves.get(0).epochs()).containsExactly(1, 2);
        assertThat(curves.get(0).losses()).containsExactly(10.0, 20.0);
        assertThat(curves.get(1).losses()).containsExactly(99.0, 20.0);
        XYChart chart = Charts.lossChart("Students: training loss", "training loss", curves);
        assertThat(chart.getSeriesMap().keySet()).containsExactly("run-a/student-a1-s1", "run-b/rkd-s2");
    }

    @Test
    void aModelWithoutARecordedRoleIsATeacherOnlyWithoutMethodAndAlpha() {
        assertThat(Role.of(new ModelResult("x", "x", null, 1L, "a", null, null, 0, 0, 0, 1, 1, 1, 1))).isEqualTo(Role.TEACHER);
        assertThat(Role.of(new ModelResult("teacher", "t", null, 1L, "a", null, 1.0, 0, 0, 0, 1, 1, 1, 1)))
                .isEqualTo(Role.STUDENT);
        assertThat(Role.of(new ModelResult("x", "x", "rkd", 1L, "a", null, null, 0, 0, 0, 1, 1, 1, 1))).isEqualTo(Role.STUDENT);
        assertThatThrownBy(() -> Role.of(role("x", "pupil"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("role 'pupil'").hasMessageContaining("teacher or student");
    }

    private static ModelResult role(String name, String role) {
        return new ModelResult(name, name, role.equals("teacher") ? null : "kd", 1L, "a", role,
                role.equals("teacher") ? null : 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1);
    }

    @Test
    void accuracyChartPutsTheTeacherFirst() {
        assertThat(Charts.accuracyChart(results()).getSeriesMap().get("test").getXData())
                .isEqualTo(List.of("teacher", "student-a1", "student-a0", "student-a0.5"));
    }

    @Test
    void lossTicksHaveOneNumberOfDecimals() {
        assertThat(ChartStyle.tickPattern(DoubleStream.of(0.13, 2.52))).isEqualTo("0.0");
        assertThat(ChartStyle.tickPattern(DoubleStream.of(1.88, 2.16, Double.NaN))).isEqualTo("0.00");
        assertThat(ChartStyle.tickPattern(DoubleStream.of(5, 60))).isEqualTo("0");
        assertThat(ChartStyle.tickPattern(DoubleStream.of(1.2))).isEqualTo("0.0##");
    }

    private static void assertPng(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png.toString()).isNotNull();
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    }
}
