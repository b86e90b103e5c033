package io.distill4j.cli;

/** Start-up settings of libtorch, applied before the engine first loads. */
final class Engines {
    private Engines() {}

    /**
     * Sets libtorch's intra-op threads (and one inter-op thread). libtorch reads these once, when
     * the engine starts; later calls in the same JVM have no effect.
     *
     * @param threads intra-op threads
     */
    static void configureThreads(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");
    }
}
