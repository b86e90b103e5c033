package io.distill4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's page faults and CPU time, from Linux's {@code /proc/self/stat}: what the allocator
 * settings change (see {@link io.distill4j.Allocator}). {@code bench/torch_reference.py} reports the
 * same four figures from {@code getrusage}.
 *
 * @param minorFaults page faults served without I/O (memory the kernel hands back in)
 * @param majorFaults page faults that read from disk
 * @param userSeconds CPU time in user mode, all threads
 * @param systemSeconds CPU time in the kernel, all threads
 */
public record ProcessCounters(long minorFaults, long majorFaults, double userSeconds, double systemSeconds) {
    /** Linux's {@code USER_HZ}, the unit of the times in {@code /proc/PID/stat} (100 on every Linux ABI in use). */
    private static final double TICKS_PER_SECOND = 100;

    /** @return the counters now, or {@code null} where {@code /proc/self/stat} cannot be read (not Linux) */
    public static ProcessCounters now() {
        try {
            return parse(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @param stat the one line of a {@code /proc/PID/stat} file
     * @return its counters (fields 10, 12, 14 and 15 of proc(5))
     */
    static ProcessCounters parse(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcessCounters(Long.parseLong(f[7]), Long.parseLong(f[9]),
                Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND);
    }

    /**
     * @param earlier counters read before this one
     * @return what happened between the two
     */
    public ProcessCounters since(ProcessCounters earlier) {
        return new ProcessCounters(minorFaults - earlier.minorFaults, majorFaults - earlier.majorFaults,
                userSeconds - earlier.userSeconds, systemSeconds - earlier.systemSeconds);
    }

    /** @return e.g. {@code 231,402 minor / 3 major page faults, 190.2 s user, 2.5 s system (1.3 %)} */
    public String describe() {
        double cpu = userSeconds + systemSeconds;
        return String.format("%,d minor / %,d major page faults, %.1f s user, %.1f s system (%.1f %% of CPU time)",
                minorFaults, majorFaults, userSeconds, systemSeconds, cpu > 0 ? 100 * systemSeconds / cpu : 0);
    }
}
