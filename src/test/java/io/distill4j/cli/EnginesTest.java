package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.engine.Torch;
import org.junit.jupiter.api.Test;

class EnginesTest {
    /** A run in a JVM whose libtorch already started (a test's, a library user's) gets its own thread count. */
    @Test
    void threadsAreSetAgainOnAStartedEngine() {
        try {
            Engines.configureThreads(1);
            assertThat(Torch.threads()).isEqualTo(1);
            Engines.configureThreads(3);
            assertThat(Torch.threads()).isEqualTo(3);
        } finally {
            Engines.configureThreads(Runtime.getRuntime().availableProcessors()); // the default of --threads
        }
    }
}
