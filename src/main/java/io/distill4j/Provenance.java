package io.distill4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Where a result came from: code version, library versions and machine, saved with every run. */
public final class Provenance {
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

    /** @return the version of JavaCPP's PyTorch presets (libtorch's version, then JavaCPP's) */
    public static String enginePresets() {
        return Libtorch.presetsVersion();
    }

    /**
     * @return versions and machine facts, in a stable order, with the libtorch in use (it is
     *     loaded if it is not yet)
     */
    public static Map<String, Object> describe() {
        return describe(Libtorch.loaded());
    }

    /**
     * @param libtorch the libtorch in use
     * @return versions and machine facts, in a stable order
     */
    public static Map<String, Object> describe(Libtorch libtorch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("distill4j", productVersion());
        m.put("commit", codeVersion());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("engine", "JavaCPP PyTorch presets " + enginePresets());
        m.putAll(libtorch.entries());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("cpu_model", cpuModel());
        m.put("cpu_native_bf16", io.distill4j.engine.Precision.nativeBf16(io.distill4j.engine.ComputeDevice.cpu()));
        m.put("onednn_fpmath_mode", convolutionMath());
        m.put("allocator", Allocator.describe());
        return m;
    }

    /**
     * @return oneDNN's math mode for float32 convolutions: {@code strict} (true float32) unless the
     *     environment sets {@code ONEDNN_DEFAULT_FPMATH_MODE}, e.g. {@code bf16} for AMX (see docs/performance.md)
     */
    public static String convolutionMath() {
        return convolutionMath(System.getenv("ONEDNN_DEFAULT_FPMATH_MODE"));
    }

    /**
     * @param setting the value of {@code ONEDNN_DEFAULT_FPMATH_MODE}, or {@code null}
     * @return the math mode it selects
     */
    static String convolutionMath(String setting) {
        return setting == null || setting.isBlank() ? "strict" : setting.trim().toLowerCase(java.util.Locale.ROOT);
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

    /** @return lines for {@code --version}, with the libtorch in use (or why it cannot load) */
    public static String[] versionLines() {
        String engine;
        try {
            engine = Libtorch.loaded().describe();
        } catch (RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            engine = "libtorch not loaded (" + e.getMessage() + (root == e ? "" : ": " + root) + ")";
        }
        return versionLines(engine);
    }

    /**
     * @param engine what {@link Libtorch#describe} says, or why libtorch is not loaded
     * @return lines for {@code --version}
     */
    static String[] versionLines(String engine) {
        return new String[] {
            "distill4j " + productVersion() + " (commit " + codeVersion() + ")",
            "JavaCPP PyTorch " + enginePresets() + ", " + engine,
            "Java " + System.getProperty("java.version"),
            Allocator.describe()
        };
    }
}
