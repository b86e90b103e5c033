package io.distill4j.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/** Start-up settings of libtorch, applied before the engine first loads. */
final class Engines {
    /** DJL's switch that refuses every download (DJL's own {@code DJL_OFFLINE} overrides it). */
    static final String OFFLINE = "ai.djl.offline";

    private Engines() {}

    /** Where libtorch's native library comes from, which decides whether DJL may download. */
    enum LibtorchSource {
        /** {@code -Dai.djl.offline} or {@code DJL_OFFLINE} is set: left as the user gave it. */
        USER_SETTING,
        /** A {@code pytorch-native-*} jar for this platform is on the class path (the default build). */
        BUNDLED,
        /** {@code PYTORCH_LIBRARY_PATH} names a libtorch on disk. */
        LIBRARY_PATH,
        /** Neither (the {@code -Pgpu} build): DJL downloads the build that fits the machine. */
        DOWNLOAD;

        /** @return whether distill4j turns DJL's offline mode on for this source */
        boolean offline() {
            return this == BUNDLED || this == LIBRARY_PATH;
        }
    }

    /**
     * @param offlineSetting the user's {@code DJL_OFFLINE} or {@code ai.djl.offline}, or {@code null}
     * @param libraryPath {@code PYTORCH_LIBRARY_PATH}, or {@code null}
     * @param bundled whether the class path holds the native library (asked only when needed)
     * @return where libtorch comes from
     */
    static LibtorchSource libtorchSource(String offlineSetting, String libraryPath, BooleanSupplier bundled) {
        if (offlineSetting != null && !offlineSetting.isBlank()) {
            return LibtorchSource.USER_SETTING;
        }
        if (libraryPath != null && !libraryPath.isBlank()) {
            return LibtorchSource.LIBRARY_PATH;
        }
        return bundled.getAsBoolean() ? LibtorchSource.BUNDLED : LibtorchSource.DOWNLOAD;
    }

    /**
     * @param loader the class loader to search
     * @return whether it holds a libtorch for this platform, asked the way DJL's {@code LibUtils}
     *     asks it: {@link Platform#detectPlatform} finds a {@code native/lib/pytorch.properties}
     *     that is not a placeholder and matches the system (otherwise DJL downloads libtorch)
     */
    static boolean bundled(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return !Platform.detectPlatform("pytorch").isPlaceholder();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Lets DJL go online only where it must: offline when libtorch is bundled or given by {@code
     * PYTORCH_LIBRARY_PATH}; otherwise online, announced by one line on {@code console}. An explicit
     * user setting is left alone.
     *
     * @param console where to say that DJL will download libtorch
     * @return the decision
     */
    static LibtorchSource configureDownloads(PrintStream console) {
        LibtorchSource source = libtorchSource(Utils.getenv("DJL_OFFLINE", System.getProperty(OFFLINE)),
                Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH"), () -> bundled(Engines.class.getClassLoader()));
        if (source.offline()) {
            System.setProperty(OFFLINE, "true");
        } else if (source == LibtorchSource.DOWNLOAD) {
            console.println("libtorch is not bundled in this build: DJL downloads the build that fits this machine into "
                    + Utils.getEngineCacheDir("pytorch") + " unless it is already there (internet needed once;"
                    + " PYTORCH_LIBRARY_PATH=DIR uses a libtorch on disk instead)");
        }
        return source;
    }

    /**
     * Sets libtorch's intra-op threads (and one inter-op thread), starting the engine if it has not
     * started. libtorch reads the properties once, when the engine starts; in a JVM where it already
     * runs (a library user's, a test's) the intra-op count is set again, so that a run never inherits
     * another run's thread count: results are bit-identical only at equal thread counts.
     *
     * @param threads intra-op threads
     */
    static void configureThreads(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
