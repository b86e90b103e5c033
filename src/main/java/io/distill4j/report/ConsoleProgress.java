package io.distill4j.report;

import io.distill4j.progress.BarLine;
import io.distill4j.progress.Terminal;
import io.distill4j.train.EpochMetrics;
import io.distill4j.train.TrainingListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress on the console: a progress bar per phase and epoch, then one summary
 * line per model and epoch; the last model's line of an epoch ends with the time the phase still
 * needs at the rate of the epochs this process trained.
 *
 * <p>On a terminal the bar is redrawn in place (progressbar). When the output is not a terminal (a
 * log file, CI, tests) no bar is drawn, because progressbar would then write every redraw behind a
 * {@code \r} with colour codes into one endless line; instead a plain line with the batch count and
 * images per second and the epoch's and phase's ETA is printed at most every {@link #LOG_INTERVAL}.
 */
public final class ConsoleProgress implements TrainingListener {
    /** How often a plain progress line is printed when the output is not a terminal. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

    private final PrintStream out;
    private final boolean interactive;
    private final long logIntervalNanos;

    private String phase = "";
    private int epochs;
    private int batchesPerEpoch;
    private int modelWidth = 8;
    private int modelCount;
    private int reported;
    private int epochsHere;
    private long phaseStartNanos;
    private int epoch;
    private long images;
    private long epochStartNanos;
    private long lastLogNanos;
    private ProgressBar bar;
    private BarLine barLine;

    /** Progress on {@code System.err}, with a bar when the program runs on a terminal. */
    public ConsoleProgress() {
        this(System.err, Terminal.isTerminal());
    }

    /**
     * @param out where to print
     * @param interactive {@code true} to redraw a progress bar in place (a terminal), {@code false}
     *     for plain lines (a log file)
     */
    public ConsoleProgress(PrintStream out, boolean interactive) {
        this(out, interactive, LOG_INTERVAL);
    }

    ConsoleProgress(PrintStream out, boolean interactive, Duration logInterval) {
        this.out = out;
        this.interactive = interactive;
        this.logIntervalNanos = logInterval.toNanos();
    }

    @Override
    public synchronized void onPhaseStart(String phase, List<String> models, int epochs, int batchesPerEpoch) {
        closeBar();
        this.phase = phase;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.modelWidth = models.stream().mapToInt(String::length).max().orElse(0);
        this.modelCount = models.size();
        this.epoch = 0;
        this.reported = 0;
        this.epochsHere = 0;
        out.printf(Locale.ROOT, "%s: training %s for %s of %s%n", phase, String.join(", ", models),
                Formats.count(epochs, "epoch"), Formats.count(batchesPerEpoch, "batch"));
        out.flush();
        restartClock();
        phaseStartNanos = epochStartNanos;
    }

    @Override
    public synchronized void onBatch(int epoch, int batch, int images) {
        long now = System.nanoTime();
        if (epoch != this.epoch) {
            closeBar();
            this.epoch = epoch;
            this.images = 0;
            lastLogNanos = now;
            if (interactive) {
                barLine = new BarLine(out);
                bar = new ProgressBarBuilder()
                        .setTaskName(epochLabel(phase, epoch))
                        .setInitialMax(batchesPerEpoch > 0 ? batchesPerEpoch : -1)
                        .setStyle(Terminal.utf8() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250)
                        .setConsumer(barLine)
                        .build();
            }
        }
        this.images += images;
        String speed = String.format(Locale.ROOT, "%.0f img/s", imagesPerSecond(now));
        double seconds = (now - epochStartNanos) / 1e9;
        // the rate of this epoch's batches, over every batch the phase still has
        long phaseLeft = (long) epochs * batchesPerEpoch - ((long) (epoch - 1) * batchesPerEpoch + batch);
        String phaseEta = epochs > 0 ? Terminal.remaining(batch, seconds, phaseLeft) : "";
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(phaseEta.isEmpty() ? speed : speed + ", " + phase + " " + phaseEta);
        } else if (now - lastLogNanos >= logIntervalNanos) {
            lastLogNanos = now;
            String epochEta = Terminal.eta(batch, batchesPerEpoch, seconds);
            out.printf(Locale.ROOT, "%s: batch %d/%d, %s%s%s%n", epochLabel(phase, epoch), batch, batchesPerEpoch, speed,
                    epochEta.isEmpty() ? "" : ", epoch " + epochEta, phaseEta.isEmpty() ? "" : ", " + phase + " " + phaseEta);
            out.flush();
        }
    }

    /** Ends the epoch's bar and prints the model's summary line. */
    @Override
    public synchronized void onEpoch(EpochMetrics m) {
        closeBar();
        String line = summary(m, epochs, modelWidth);
        if (++reported % Math.max(modelCount, 1) == 0) {
            epochsHere++;
            if (epochs > 0 && m.epoch() < epochs) {
                line += "  " + phase + " " + Terminal.remaining(epochsHere, (System.nanoTime() - phaseStartNanos) / 1e9,
                        epochs - m.epoch());
            }
        }
        out.println(line);
        out.flush();
        restartClock();
    }

    @Override
    public synchronized void onPhaseEnd(String phase) {
        closeBar();
    }

    /**
     * @param m one model's epoch
     * @param epochs epochs of the phase, 0 if unknown
     * @param nameWidth width to pad the model name to
     * @return e.g. {@code student-a0.5  epoch  3/30  train loss 1.2346  val loss 1.1234  val acc  61.2%  42.1 s}
     */
    static String summary(EpochMetrics m, int epochs, int nameWidth) {
        int digits = Integer.toString(Math.max(epochs, m.epoch())).length();
        String epochText = epochs > 0
                ? String.format(Locale.ROOT, "%" + digits + "d/%d", m.epoch(), epochs)
                : Integer.toString(m.epoch());
        return String.format(Locale.ROOT,
                "%-" + Math.max(nameWidth, 1) + "s  epoch %s  train loss %.4f  val loss %.4f  val acc %5.1f%%  %.1f s",
                m.model(), epochText, m.trainLoss(), m.valLoss(), 100 * m.valAcc(), m.seconds());
    }

    private String epochLabel(String phase, int epoch) {
        String e = epochs > 0 ? epoch + "/" + epochs : Integer.toString(epoch);
        return phase.isEmpty() ? "epoch " + e : phase + " epoch " + e;
    }

    private double imagesPerSecond(long now) {
        double seconds = (now - epochStartNanos) / 1e9;
        return seconds > 0 ? images / seconds : 0;
    }

    private void restartClock() {
        epochStartNanos = System.nanoTime();
    }

    private void closeBar() {
        if (bar != null) {
            barLine.end(bar);
            bar = null;
        }
    }
}
