package io.distill4j.progress;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** What the console is, and how durations and rates read on it. */
public final class Terminal {
    private Terminal() {}

    /**
     * @return whether the console is a terminal ({@link System#console()} exists and {@code TERM} is
     *     not {@code dumb})
     */
    public static boolean isTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** @return whether the platform's encoding is UTF-8 (block characters can be drawn) */
    public static boolean utf8() {
        String nativeEncoding = System.getProperty("native.encoding", Charset.defaultCharset().name());
        return Charset.isSupported(nativeEncoding) && Charset.forName(nativeEncoding).equals(StandardCharsets.UTF_8);
    }

    /**
     * @param seconds a duration
     * @return e.g. {@code 0:42}, {@code 12:05} or {@code 1:02:05}
     */
    public static String clock(double seconds) {
        Duration d = Duration.ofSeconds(Math.max(0, Math.round(seconds)));
        return d.toHours() > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    /**
     * @param done units done
     * @param total units in all, 0 if unknown
     * @param seconds time spent on {@code done}
     * @return the time left at the rate so far, e.g. {@code ETA 1:05}, or an empty text while unknown
     */
    public static String eta(long done, long total, double seconds) {
        return total <= 0 ? "" : remaining(done, seconds, total - done);
    }

    /**
     * @param done units done
     * @param seconds time spent on {@code done}
     * @param left units still to do
     * @return the time {@code left} needs at the rate so far, e.g. {@code ETA 1:05}, or an empty text
     *     while the rate is unknown
     */
    public static String remaining(long done, double seconds, long left) {
        if (done <= 0 || seconds <= 0) {
            return "";
        }
        return "ETA " + clock(seconds / done * Math.max(0, left));
    }
}
