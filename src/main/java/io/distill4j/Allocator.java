package io.distill4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The C allocator settings under which libtorch's freed tensor memory stays in the process.
 *
 * <p>Every batch allocates and frees the same large tensors. With its default settings, glibc's
 * {@code malloc} serves blocks over its (adaptive) mmap threshold with fresh {@code mmap}s and
 * returns them, and the top of its heaps, to the kernel on {@code free}; the next batch then
 * page-faults the same memory back in. Measured on 2 cores (AMD EPYC): 2.8–5.0 million minor page
 * faults and 34 s of system time in a 118 s {@code distill bench} run, 17 % of the CPU time. The three
 * settings of {@link #KEEP_FREED_MEMORY} keep that memory: blocks under 64 MiB (the most a thread's
 * heap holds; glibc 2.36 takes this threshold from the environment, above the 32 MiB its manual gives
 * as the limit) come from the heap, the heap is never trimmed, and it grows in 64 MiB steps;
 * faults fall to about 0.23 million and those step loops run 1.6–1.85× faster. On the whole default
 * study (real CIFAR-10, same machine) glibc's adaptive threshold catches up after a few epochs, and
 * the gain is 48 min 14 s → 42 min 07 s (docs/performance.md). They change no arithmetic: weights are
 * identical with and without them. The threshold was 32 MiB until a tensor of exactly 32 MiB (a batch
 * of 128 maps of 64 channels at 32×32: ReviewKD's fusion, the wider zoo models) turned out to be a
 * block just over it: at 64 MiB a ReviewKD step loop faults 0.5 million pages instead of 1.6 million.
 *
 * <p>glibc reads them from the environment once, when the process starts, so they cannot be set
 * from Java: {@code bin/distill}, the container image, the Slurm and Kubernetes recipes (through
 * those two), the Spark job's executors and the build's test JVMs set them; a program that uses
 * distill4j as a library sets them in the environment that starts its JVM (see the Java API's docs).
 */
public final class Allocator {
    /** The mmap threshold of {@link #KEEP_FREED_MEMORY}: blocks under it are kept in the process. */
    public static final long MMAP_THRESHOLD_BYTES = 64L << 20;

    /** glibc {@code malloc} tunables (environment variables) and their values, in the order launchers set them. */
    public static final Map<String, String> KEEP_FREED_MEMORY = ordered(
            "MALLOC_MMAP_THRESHOLD_", String.valueOf(MMAP_THRESHOLD_BYTES),
            "MALLOC_TRIM_THRESHOLD_", "17179869184",
            "MALLOC_TOP_PAD_", "67108864");

    private Allocator() {}

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return whether this process started with the settings that keep freed memory (or an allocator preloaded) */
    public static boolean keepsFreedMemory() {
        return keepsFreedMemory(System.getenv());
    }

    /**
     * @param env a process environment
     * @return whether it holds every setting of {@link #KEEP_FREED_MEMORY} with at least its value, or
     *     preloads another allocator ({@code LD_PRELOAD} naming a {@code malloc} library)
     */
    static boolean keepsFreedMemory(Map<String, String> env) {
        return preloaded(env) != null || KEEP_FREED_MEMORY.entrySet().stream().allMatch(e -> atLeast(env.get(e.getKey()), e.getValue()));
    }

    private static boolean atLeast(String value, String wanted) {
        try {
            return value != null && Long.parseLong(value.trim()) >= Long.parseLong(wanted);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String preloaded(Map<String, String> env) {
        String preload = env.get("LD_PRELOAD");
        return preload != null && preload.contains("malloc") ? preload : null;
    }

    /** @return one line on how this process allocates, for {@code --version}, {@code bench} and provenance */
    public static String describe() {
        return describe(System.getenv());
    }

    /**
     * @param env a process environment
     * @return one line: the allocator, whether freed memory stays in the process, the settings seen
     */
    static String describe(Map<String, String> env) {
        String preload = preloaded(env);
        if (preload != null) {
            return "allocator preloaded (LD_PRELOAD=" + preload + ")";
        }
        String seen = KEEP_FREED_MEMORY.keySet().stream().filter(env::containsKey)
                .map(k -> k + "=" + env.get(k)).collect(Collectors.joining(" "));
        if (keepsFreedMemory(env)) {
            return "glibc malloc, freed memory kept in the process (" + seen + ")";
        }
        return "glibc malloc, freed memory returned to the kernel" + (seen.isEmpty() ? "" : " (" + seen + ")")
                + ": training runs up to 1.85× slower; start through bin/distill or set " + settings();
    }

    /** @return the settings as {@code NAME=value} words, as a shell takes them */
    public static String settings() {
        return KEEP_FREED_MEMORY.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
