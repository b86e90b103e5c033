package io.distill4j.api;

/**
 * Where long work the API does outside training (a download, an image folder's first decoding into
 * its cache) says how far it is. The API prints nothing: without a sink it reports to
 * {@link #SILENT}. Training reports to {@link TrainingObserver}s instead.
 *
 * <pre>{@code
 * ProgressSink toLog = (name, total, unit) -> {
 *     log.info(name + ": " + total + " " + unit);
 *     return units -> {};
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ProgressSink {
    /** Reports nothing. */
    ProgressSink SILENT = (name, total, unit) -> units -> {};

    /**
     * Work starts.
     *
     * @param name what is being done, e.g. {@code decoding images}
     * @param total units of work in all, or 0 if unknown
     * @param unit what a unit is, e.g. {@code images} or {@code bytes}
     * @return the task, which the API advances as work is done and closes when it ends
     */
    Task start(String name, long total, String unit);

    /** One piece of work reporting as it goes: advanced by the API, then closed once. */
    @FunctionalInterface
    interface Task extends AutoCloseable {
        /** @param units units of work just done */
        void advance(long units);

        /** The work ended; does nothing unless overridden. */
        @Override
        default void close() {}
    }
}
