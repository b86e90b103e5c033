package io.distill4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Where a result came from: code version, library versions and machine, saved with every run. */
public final class Provenance {
    /** DJL version on the class path. */
    public static final String DJL_VERSION = "0.36.0";
    /** libtorch version bundled by the PyTorch engine. */
    public static final String LIBTORCH_VERSION = "2.7.1";

    private Provenance() {}

    /** @return the git commit the build came from, with "-dirty" if it had local changes */
    public static String codeVersion() {
        Properties git = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/distill4j-git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String commit = git.getProperty("git.commit.id.abbrev", "unknown");
        return "true".equals(git.getProperty("git.dirty")) ? commit + "-dirty" : commit;
    }

    /** @return distill4j's own version */
    public static String productVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** @return versions and machine facts, in a stable order */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("distill4j", productVersion());
        m.put("commit", codeVersion());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("djl", DJL_VERSION);
        m.put("libtorch", LIBTORCH_VERSION);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("cpu_model", cpuModel());
        m.put("onednn_fpmath_mode", convolutionMath());
        return m;
    }

    /**
     * @return oneDNN's math mode for float32 convolutions: {@code strict} (true float32) unless the
     *     environment sets {@code ONEDNN_DEFAULT_FPMATH_MODE}, e.g. {@code bf16} for AMX (see README)
     */
    public static String convolutionMath() {
        String mode = System.getenv("ONEDNN_DEFAULT_FPMATH_MODE");
        return mode == null || mode.isBlank() ? "strict" : mode.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** @return lines for {@code --version} */
    public static String[] versionLines() {
        return new String[] {
            "distill4j " + productVersion() + " (commit " + codeVersion() + ")",
            "DJL " + DJL_VERSION + ", libtorch " + LIBTORCH_VERSION + " (CPU)",
            "Java " + System.getProperty("java.version")
        };
    }
}
