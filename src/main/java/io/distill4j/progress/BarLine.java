package io.distill4j.progress;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;

/**
 * The line a progress bar is redrawn on, as wide as the terminal; it remembers whether it was
 * ended, because progressbar 0.10.1 does not end it when the bar closes before its first redraw.
 */
public final class BarLine extends ConsoleProgressBarConsumer {
    private volatile boolean closed;

    /** @param out where the bar is drawn */
    public BarLine(PrintStream out) {
        super(out);
    }

    @Override
    public void close() {
        closed = true;
        super.close();
    }

    /**
     * Closes {@code bar}, which draws its final state, and ends its line where progressbar did not.
     *
     * @param bar the bar drawn on this line
     */
    public void end(ProgressBar bar) {
        bar.close();
        if (!closed) {
            close();
        }
    }
}
