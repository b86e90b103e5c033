package io.distill4j.progress;

import java.io.PrintStream;

/**
 * Where long-running work (decoding, scoring, evaluation, store building) says how far it is. The
 * command line prints it ({@link #console}); a library caller passes its own or {@link #SILENT}.
 */
@FunctionalInterface
public interface Progress {
    /** Reports nothing. */
    Progress SILENT = (name, total, unit) -> Task.NONE;

    /**
     * @param name what is being done, e.g. {@code scoring teacher}
     * @param total units of work in all, or 0 if unknown
     * @param unit what a unit is, e.g. {@code images}
     * @return the task, to advance as work is done and close when it ends
     */
    Task start(String name, long total, String unit);

    /** One piece of work that reports as it goes. */
    interface Task extends AutoCloseable {
        /** A task that reports nothing. */
        Task NONE = new Task() {
            @Override
            public void advance(long units) {}

            @Override
            public void close() {}
        };

        /** @param units units of work just done */
        void advance(long units);

        /** Ends the task (reports its total time where the sink does). */
        @Override
        void close();
    }

    /**
     * @param out where to print, normally {@code System.err}
     * @return progress on {@code out}: a bar redrawn in place when {@code out} is {@code System.err}
     *     on a terminal, else a plain line at the start, every {@link ConsoleTasks#LOG_INTERVAL} and
     *     at the end of each task that takes longer than {@link ConsoleTasks#QUIET_BELOW}
     */
    static Progress console(PrintStream out) {
        return new ConsoleTasks(out, out == System.err && Terminal.isTerminal());
    }
}
