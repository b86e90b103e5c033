package io.distill4j.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@link Progress} on the console. On a terminal each task is a bar redrawn in place with count,
 * rate and ETA (progressbar). Elsewhere (a log file, CI) a bar would be one endless line of
 * redraws, so a task prints plain lines instead: one when it has run {@link #QUIET_BELOW}, one
 * every {@link #LOG_INTERVAL} after that, and one at its end; a task shorter than {@link
 * #QUIET_BELOW} prints nothing.
 */
public final class ConsoleTasks implements Progress {
    /** How long a task runs before a plain line reports it. */
    public static final Duration QUIET_BELOW = Duration.ofSeconds(2);
    /** How often a plain line reports a running task. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(15);

    private final PrintStream out;
    private final boolean interactive;
    private final long firstNanos;
    private final long intervalNanos;

    /**
     * @param out where to print
     * @param interactive {@code true} to redraw a bar in place (a terminal), {@code false} for plain lines
     */
    public ConsoleTasks(PrintStream out, boolean interactive) {
        this(out, interactive, QUIET_BELOW, LOG_INTERVAL);
    }

    ConsoleTasks(PrintStream out, boolean interactive, Duration first, Duration interval) {
        this.out = out;
        this.interactive = interactive;
        this.firstNanos = first.toNanos();
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public Task start(String name, long total, String unit) {
        return interactive ? new Bar(name, total, unit) : new Lines(name, total, unit);
    }

    private final class Bar implements Task {
        private final ProgressBar bar;
        private final BarLine line = new BarLine(out);

        Bar(String name, long total, String unit) {
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total > 0 ? total : -1)
                    .setUnit(" " + unit, 1).showSpeed().setUpdateIntervalMillis(250)
                    .setStyle(Terminal.utf8() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                    .setConsumer(line).build();
        }

        @Override
        public synchronized void advance(long units) {
            bar.stepBy(units);
        }

        @Override
        public synchronized void close() {
            line.end(bar);
        }
    }

    private final class Lines implements Task {
        private final String name;
        private final long total;
        private final String unit;
        private final long startNanos = System.nanoTime();
        private long done;
        private long nextNanos = startNanos + firstNanos;
        private boolean printed;

        Lines(String name, long total, String unit) {
            this.name = name;
            this.total = total;
            this.unit = unit;
        }

        @Override
        public synchronized void advance(long units) {
            done += units;
            long now = System.nanoTime();
            if (now >= nextNanos) {
                nextNanos = now + intervalNanos;
                printed = true;
                double seconds = (now - startNanos) / 1e9;
                String count = total > 0
                        ? String.format(Locale.ROOT, "%,d/%,d %s (%.0f %%)", done, total, unit, 100.0 * done / total)
                        : String.format(Locale.ROOT, "%,d %s", done, unit);
                String eta = Terminal.eta(done, total, seconds);
                out.printf(Locale.ROOT, "%s: %s, %s/s%s%n", name, count, rate(seconds), eta.isEmpty() ? "" : ", " + eta);
                out.flush();
            }
        }

        @Override
        public synchronized void close() {
            long elapsed = System.nanoTime() - startNanos;
            double seconds = elapsed / 1e9;
            if (printed || elapsed >= firstNanos) {
                out.printf(Locale.ROOT, "%s: %,d %s in %s (%s/s)%n", name, done, unit, Terminal.clock(seconds), rate(seconds));
                out.flush();
            }
        }

        private String rate(double seconds) {
            return String.format(Locale.ROOT, "%,.0f %s", seconds > 0 ? done / seconds : 0, unit);
        }
    }
}
