package io.distill4j.cli;

import io.distill4j.engine.Torch;

/** Start-up settings of libtorch, applied before a command's first tensor. */
final class Engines {
    private Engines() {}

    /**
     * Starts libtorch (see {@link Torch#start}) and sets its intra-op threads. In a JVM where it
     * already runs (a library user's, a test's) the count is set again, so that a run never inherits
     * another run's thread count: results are bit-identical only at equal thread counts.
     *
     * @param threads intra-op threads
     */
    static void configureThreads(int threads) {
        Torch.threads(threads);
    }
}
