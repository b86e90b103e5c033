package io.distill4j.report;

import io.distill4j.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.Locale;
import java.util.stream.DoubleStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;

/** The look every chart shares and its encoding as PNG (XChart, no display needed). */
final class ChartStyle {
    /** matplotlib's default colours, as in the original study's plots. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartStyle() {}

    /** White background, light grid, matplotlib colours, legend below. */
    static <S extends AxesChartStyler> S style(Chart<S, ?> chart) {
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

    /** @return the chart encoded as PNG */
    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart '" + chart.getTitle() + "'", e);
        }
    }

    /** Writes the chart as a PNG file, creating its parent directories. */
    static void write(Chart<?, ?> chart, Path png) {
        AtomicFiles.write(png, png(chart));
    }
}
