package io.distill4j.report;

import static io.distill4j.report.ChartStyle.style;
import static io.distill4j.report.ChartStyle.write;

import io.distill4j.BadInputException;
import io.distill4j.eval.Calibration;
import io.distill4j.eval.ConfusionMatrix;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.train.EpochMetrics;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler.ChartTheme;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The study's charts as PNG files (their look: {@link ChartStyle}): the students' training and
 * validation loss per epoch, the accuracy of every model on the three splits, and per model a
 * confusion matrix and a reliability diagram.
 */
public final class Charts {
    /** Width of every chart in pixels. */
    public static final int WIDTH = 800;
    /** Height of every chart in pixels. */
    public static final int HEIGHT = 500;

    /** File name of the training-loss chart. */
    public static final String TRAIN_LOSS_PNG = "train_loss.png";
    /** File name of the validation-loss chart. */
    public static final String VAL_LOSS_PNG = "val_loss.png";
    /** File name of the accuracy chart. */
    public static final String ACCURACY_PNG = "accuracy.png";

    private Charts() {}

    /**
     * Writes {@link #TRAIN_LOSS_PNG}, {@link #VAL_LOSS_PNG} and {@link #ACCURACY_PNG} into a run
     * directory.
     *
     * @param runDir directory to write to (created if missing)
     * @param metrics every model's epochs, e.g. from {@link MetricsCsvWriter#read}
     * @param results the trained models, teacher first or not; their roles say which are students
     * @return the files written
     * @throws BadInputException if there is no student epoch or no result
     */
    public static List<Path> writeAll(Path runDir, List<EpochMetrics> metrics, List<ModelResult> results) {
        List<Path> files = List.of(
                runDir.resolve(TRAIN_LOSS_PNG), runDir.resolve(VAL_LOSS_PNG), runDir.resolve(ACCURACY_PNG));
        writeLoss(files.get(0), "training", LossCurve.students(metrics, results, EpochMetrics::trainLoss));
        writeLoss(files.get(1), "validation", LossCurve.students(metrics, results, EpochMetrics::valLoss));
        writeAccuracy(files.get(2), results);
        return files;
    }

    /**
     * Line chart of one loss per epoch, one line per curve.
     *
     * @param png file to write
     * @param which {@code training} or {@code validation}
     * @param curves the students' curves, e.g. from {@link LossCurve#students}
     */
    public static void writeLoss(Path png, String which, List<LossCurve> curves) {
        write(lossChart("Students: " + which + " loss", which + " loss", curves), png);
    }

    /**
     * Grouped bar chart of train, validation and test accuracy in percent, one group per model:
     * teachers first, then the others in the given order.
     *
     * @param png file to write
     * @param results the models
     * @throws BadInputException if {@code results} is empty
     */
    public static void writeAccuracy(Path png, List<ModelResult> results) {
        write(accuracyChart(results), png);
    }

    /** File name of the per-method comparison chart. */
    public static final String METHODS_PNG = "methods.png";

    /**
     * Bar chart of each student configuration's test accuracy in percent (mean over its seeds),
     * best first: the methods side by side.
     *
     * @param png file to write
     * @param results the models; the teacher is left out
     * @throws BadInputException if there is no student
     */
    public static void writeMethods(Path png, List<ModelResult> results) {
        write(methodsChart(results), png);
    }

    static CategoryChart methodsChart(List<ModelResult> results) {
        List<ModelGroup> students = ModelGroup.of("", results).stream().filter(g -> !g.teacher())
                .sorted(Comparator.comparingDouble(ResultsWriter::meanTestPercent).reversed()).toList();
        if (students.isEmpty()) {
            throw new BadInputException("cannot plot the methods: no student results");
        }
        CategoryChart chart = percentChart("Students' test accuracy per method", "student", "test accuracy (%)");
        CategoryStyler s = chart.getStyler();
        s.setLabelsVisible(true);
        s.setLegendVisible(false);
        chart.addSeries("test", students.stream().map(ModelGroup::name).toList(),
                students.stream().map(g -> Formats.rounded(ResultsWriter.meanTestPercent(g))).toList());
        return chart;
    }

    /** A bar chart on a 0–100 % axis whose one-decimal pattern also formats the bar labels. */
    private static CategoryChart percentChart(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        CategoryStyler s = style(chart);
        s.setYAxisMin(0.0);
        s.setYAxisMax(100.0);
        s.setYAxisDecimalPattern("#0.0");
        return chart;
    }

    /** One line per curve, with a marker on every epoch. */
    static XYChart lossChart(String title, String yTitle, List<LossCurve> curves) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle("epoch");
        chart.setYAxisTitle(yTitle);
        XYStyler s = style(chart);
        s.setXAxisDecimalPattern("#0"); // whole epochs only
        s.setYAxisDecimalPattern(ChartStyle.tickPattern(
                curves.stream().flatMap(c -> c.losses().stream()).mapToDouble(Double::doubleValue)));
        s.setMarkerSize(5);
        for (LossCurve c : curves) {
            XYSeries line = chart.addSeries(c.model(), c.epochs(), c.losses());
            line.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    static CategoryChart accuracyChart(List<ModelResult> results) {
        if (results.isEmpty()) {
            throw new BadInputException("cannot plot accuracy: no model results; evaluate the models first");
        }
        List<ModelResult> ordered = new ArrayList<>();
        results.stream().filter(Role.TEACHER::is).forEach(ordered::add);
        results.stream().filter(Role.STUDENT::is).forEach(ordered::add);
        List<String> names = ordered.stream().map(ModelResult::name).toList();

        CategoryChart chart = percentChart("Accuracy of the teacher and the students", "model", "accuracy (%)");
        CategoryStyler s = chart.getStyler();
        s.setLabelsVisible(true);
        s.setLabelsFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        s.setLabelsFontColorAutomaticEnabled(true); // white on dark bars, black on light ones
        s.setLabelsFontColorAutomaticLight(Color.WHITE);
        s.setLabelsFontColorAutomaticDark(Color.BLACK);
        s.setLabelsPosition(0.97); // just below the top of the bar
        s.setAvailableSpaceFill(0.8);
        chart.addSeries("train", names, percent(ordered, ModelResult::trainAcc));
        chart.addSeries("validation", names, percent(ordered, ModelResult::valAcc));
        chart.addSeries("test", names, percent(ordered, ModelResult::testAcc));
        return chart;
    }

    /**
     * Writes {@code confusion-<model>.png} and {@code reliability-<model>.png} for every evaluated
     * model into a run directory.
     *
     * @param runDir directory to write to (created if missing)
     * @param evaluations the models' evaluations
     * @return the files written, two per model
     */
    public static List<Path> writeEvaluation(Path runDir, List<ModelEvaluation> evaluations) {
        List<Path> files = new ArrayList<>();
        for (ModelEvaluation e : evaluations) {
            Path confusion = runDir.resolve("confusion-" + e.model() + ".png");
            Path reliability = runDir.resolve("reliability-" + e.model() + ".png");
            write(confusionChart(e.model(), e.confusion()), confusion);
            write(reliabilityChart(e.model(), e.calibration()), reliability);
            files.add(confusion);
            files.add(reliability);
        }
        return files;
    }

    /** Most classes whose confusion matrix shows a number in each cell; above, the cells show colour only. */
    public static final int CONFUSION_VALUES_MAX = 20;

    /**
     * Heat map of the counts, true class down the side (first class on top), predicted class across.
     * Up to {@link #CONFUSION_VALUES_MAX} classes each cell shows its count; above, colour only, on a
     * chart that grows with the class count so that every class name stays on its axis.
     */
    static HeatMapChart confusionChart(String model, ConfusionMatrix m) {
        int k = m.classes().size();
        List<String> reversed = new ArrayList<>(m.classes());
        Collections.reverse(reversed);
        List<Number[]> cells = new ArrayList<>();
        long max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, m.count(t, p)});
                max = Math.max(max, m.count(t, p));
            }
        }
        // the theme constructor: the plain one leaves the heat map's colours and fonts unset
        boolean values = k <= CONFUSION_VALUES_MAX;
        int side = values ? WIDTH : Math.max(WIDTH, 12 * k + 300);
        HeatMapChart chart = new HeatMapChart(side, side, ChartTheme.XChart);
        // The title states the colour scale: XChart 3.8.8 prints a gradient legend's ends as raw doubles ("943.0").
        chart.setTitle("Confusion matrix: " + model + " (white 0 → blue " + Formats.count(max, "image") + ")");
        chart.setXAxisTitle("predicted class");
        chart.setYAxisTitle("true class");
        HeatMapStyler s = style(chart);
        s.setShowValue(values);
        s.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setHeatMapValueDecimalPattern("#0");
        if (!values) {
            s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        }
        s.setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1), ChartStyle.PALETTE[0]});
        s.setMin(0);
        s.setMax(max);
        s.setXAxisLabelRotation(values ? 45 : 90);
        s.setLegendVisible(false);
        chart.addSeries("images", m.classes(), reversed, cells);
        return chart;
    }

    /**
     * Reliability diagram: accuracy of each confidence bin as bars, with the mean confidence of the
     * bin and the diagonal (perfect calibration: accuracy = confidence) as lines; empty bins have no bar.
     */
    static CategoryChart reliabilityChart(String model, Calibration c) {
        List<String> centres = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        List<Double> confidence = new ArrayList<>();
        List<Double> diagonal = new ArrayList<>();
        for (Calibration.Bin b : c.bins()) {
            double centre = (b.lower() + b.upper()) / 2;
            centres.add(String.format(Locale.ROOT, "%.2f", centre));
            accuracy.add(b.count() == 0 ? null : 100 * b.accuracy());
            confidence.add(b.count() == 0 ? null : 100 * b.meanConfidence());
            diagonal.add(100 * centre);
        }
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle(String.format(Locale.ROOT, "Reliability: %s (ECE %.1f %%)", model, 100 * c.ece()));
        chart.setXAxisTitle("confidence bin (centre)");
        chart.setYAxisTitle("%");
        CategoryStyler s = style(chart);
        s.setYAxisMin(0.0);
        s.setYAxisMax(100.0);
        s.setYAxisDecimalPattern("#0");
        s.setXAxisLabelRotation(45);
        s.setAvailableSpaceFill(0.9);
        s.setOverlapped(true);
        chart.addSeries("accuracy in the bin", centres, accuracy);
        CategorySeries dots = chart.addSeries("mean confidence in the bin", centres, confidence);
        dots.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        dots.setMarker(SeriesMarkers.DIAMOND);
        CategorySeries line = chart.addSeries("perfect calibration", centres, diagonal);
        line.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static List<Double> percent(List<ModelResult> results, ToDoubleFunction<ModelResult> acc) {
        return results.stream().map(r -> Formats.rounded(100 * finiteOrNaN(acc.applyAsDouble(r)))).toList();
    }

    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
