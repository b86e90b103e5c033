package io.distill4j.report;

import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.eval.Calibration;
import io.distill4j.eval.ConfusionMatrix;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.train.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.Styler.ChartTheme;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The study's charts as PNG files (XChart, no display needed): the students' training and
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

    /** matplotlib's default colours, as in the original study's plots. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {}

    /**
     * Writes {@link #TRAIN_LOSS_PNG}, {@link #VAL_LOSS_PNG} and {@link #ACCURACY_PNG} into a run
     * directory.
     *
     * @param runDir directory to write to (created if missing)
     * @param metrics every model's epochs, e.g. from {@link MetricsCsvWriter#read}
     * @param results the trained models, teacher first or not
     * @return the files written
     * @throws BadInputException if there is no student epoch or no result
     */
    public static List<Path> writeAll(Path runDir, List<EpochMetrics> metrics, List<ModelResult> results) {
        List<Path> files = List.of(
                runDir.resolve(TRAIN_LOSS_PNG), runDir.resolve(VAL_LOSS_PNG), runDir.resolve(ACCURACY_PNG));
        writeTrainLoss(files.get(0), metrics);
        writeValLoss(files.get(1), metrics);
        writeAccuracy(files.get(2), results);
        return files;
    }

    /**
     * Line chart of the training loss per epoch, one line per student (the teacher is left out).
     *
     * @param png file to write
     * @param metrics epochs of any models; rows of models not named {@code student…} are ignored
     * @throws BadInputException if there is no student row
     */
    public static void writeTrainLoss(Path png, List<EpochMetrics> metrics) {
        write(studentLossChart("Students: training loss", "training loss", metrics, EpochMetrics::trainLoss), png);
    }

    /**
     * Line chart of the validation loss per epoch, one line per student (the teacher is left out).
     *
     * @param png file to write
     * @param metrics epochs of any models; rows of models not named {@code student…} are ignored
     * @throws BadInputException if there is no student row
     */
    public static void writeValLoss(Path png, List<EpochMetrics> metrics) {
        write(studentLossChart("Students: validation loss", "validation loss", metrics, EpochMetrics::valLoss), png);
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
        List<ModelGroup> students = ModelGroup.of("", results).stream().filter(g -> !g.teacher())
                .sorted(java.util.Comparator.comparingDouble(ResultsWriter::meanTestPercent).reversed()).toList();
        if (students.isEmpty()) {
            throw new BadInputException("cannot plot the methods: no student results");
        }
        CategoryChart chart = percentChart("Students' test accuracy per method", "student", "test accuracy (%)");
        CategoryStyler s = chart.getStyler();
        s.setLabelsVisible(true);
        s.setLegendVisible(false);
        chart.addSeries("test", students.stream().map(ModelGroup::name).toList(),
                students.stream().map(ResultsWriter::meanTestPercent).toList());
        write(chart, png);
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

    static XYChart studentLossChart(
            String title, String yTitle, List<EpochMetrics> metrics, ToDoubleFunction<EpochMetrics> loss) {
        // run name -> epoch -> loss; the last row wins for a repeated epoch
        Map<String, TreeMap<Integer, Double>> series = new LinkedHashMap<>();
        for (EpochMetrics m : metrics) {
            if (m.model().startsWith("student")) {
                series.computeIfAbsent(m.model(), k -> new TreeMap<>()).put(m.epoch(), finiteOrNaN(loss.applyAsDouble(m)));
            }
        }
        if (series.isEmpty()) {
            throw new BadInputException("cannot plot '" + title + "': the metrics have no student epochs ("
                    + metrics.size() + " rows); train the students first or pass the run's metrics.csv");
        }
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle("epoch");
        chart.setYAxisTitle(yTitle);
        XYStyler s = style(chart);
        s.setXAxisDecimalPattern("#0"); // whole epochs only
        s.setYAxisDecimalPattern(tickPattern(series.values().stream()
                .flatMap(byEpoch -> byEpoch.values().stream()).mapToDouble(Double::doubleValue)));
        s.setMarkerSize(5);
        series.forEach((name, byEpoch) -> {
            XYSeries line = chart.addSeries(name, new ArrayList<>(byEpoch.keySet()), new ArrayList<>(byEpoch.values()));
            line.setMarker(SeriesMarkers.CIRCLE);
        });
        return chart;
    }

    static CategoryChart accuracyChart(List<ModelResult> results) {
        if (results.isEmpty()) {
            throw new BadInputException("cannot plot accuracy: no model results; evaluate the models first");
        }
        List<ModelResult> ordered = new ArrayList<>();
        results.stream().filter(r -> "teacher".equals(r.role())).forEach(ordered::add);
        results.stream().filter(r -> !"teacher".equals(r.role())).forEach(ordered::add);
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

    /** Heat map of the counts, true class down the side (first class on top), predicted class across. */
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
        HeatMapChart chart = new HeatMapChart(WIDTH, WIDTH, ChartTheme.XChart);
        chart.setTitle("Confusion matrix: " + model);
        chart.setXAxisTitle("predicted class");
        chart.setYAxisTitle("true class");
        HeatMapStyler s = style(chart);
        s.setShowValue(true);
        s.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setHeatMapValueDecimalPattern("#0");
        s.setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1), PALETTE[0]});
        s.setMin(0);
        s.setMax(max);
        s.setXAxisLabelRotation(45);
        s.setLegendPosition(LegendPosition.OutsideE);
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

    /** The look shared by all charts: white background, light grid, matplotlib colours, legend below. */
    private static <S extends AxesChartStyler> S style(Chart<S, ?> chart) {
        S s = chart.getStyler();
        s.setLocale(Locale.ROOT);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(0xdddddd));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setSeriesColors(PALETTE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendPosition(LegendPosition.OutsideS);
        s.setLegendLayout(LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartPadding(12);
        s.setAntiAlias(true);
        return s;
    }

    private static void write(Chart<?, ?> chart, Path png) {
        AtomicFiles.write(png, png(chart));
    }

    /** @return the chart encoded as PNG */
    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart '" + chart.getTitle() + "'", e);
        }
    }

    private static List<Double> percent(List<ModelResult> results, ToDoubleFunction<ModelResult> acc) {
        return results.stream().map(r -> 100 * finiteOrNaN(acc.applyAsDouble(r))).toList();
    }

    /**
     * Decimal pattern with as many decimals as ticks about a fifth of the data's span apart need, so
     * that all ticks have the same number of decimals (2.0 next to 2.2, not 2).
     */
    static String tickPattern(DoubleStream values) {
        DoubleSummaryStatistics stats = values.filter(Double::isFinite).summaryStatistics();
        double span = stats.getMax() - stats.getMin();
        if (stats.getCount() == 0 || span <= 0) {
            return "0.0##";
        }
        int decimals = (int) Math.max(0, Math.min(8, -Math.floor(Math.log10(span / 5))));
        return decimals == 0 ? "0" : "0." + "0".repeat(decimals);
    }

    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
