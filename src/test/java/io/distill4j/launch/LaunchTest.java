package io.distill4j.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.engine.Torch;
import org.junit.jupiter.api.Test;

class LaunchTest {
    /** A run in a JVM whose libtorch already started (a test's, a library user's) gets its own thread count. */
    @Test
    void threadsAreSetAgainOnAStartedEngine() {
        try {
            Launch.threads(1);
            assertThat(Torch.threads()).isEqualTo(1);
            Launch.threads(3);
            assertThat(Torch.threads()).isEqualTo(3);
        } finally {
            Launch.threads(Runtime.getRuntime().availableProcessors()); // the default of --threads
        }
    }
}
