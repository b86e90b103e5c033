package io.distill4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCountersTest {
    @Test
    void theFieldsAreCountedAfterTheCommandNameEvenWhenItHoldsSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
        String stat = "4242 (java (a) b) S 1 4242 4242 0 -1 4194560 231402 7 3 0 19020 250 0 0 20 0 39 0";
        ProcessCounters c = ProcessCounters.parse(stat);
        assertThat(c).isEqualTo(new ProcessCounters(231402, 3, 190.2, 2.5));
        assertThat(c.describe()).isEqualTo(
                "231,402 minor / 3 major page faults, 190.2 s user, 2.5 s system (1.3 % of CPU time)");
    }

    @Test
    void aDifferenceCountsWhatHappenedBetweenTwoReadings() {
        ProcessCounters a = new ProcessCounters(100, 1, 2.0, 0.5);
        ProcessCounters b = new ProcessCounters(350, 1, 5.5, 0.75);
        assertThat(b.since(a)).isEqualTo(new ProcessCounters(250, 0, 3.5, 0.25));
    }

    @Test
    void thisProcessCountsFaultsWhenItTouchesNewMemory() {
        ProcessCounters before = ProcessCounters.now();
        assertThat(before).isNotNull();
        java.nio.ByteBuffer fresh = java.nio.ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < fresh.capacity(); i += 4096) {
            fresh.put(i, (byte) 1);
        }
        ProcessCounters d = ProcessCounters.now().since(before);
        assertThat(d.minorFaults()).as("64 MiB of new pages touched").isGreaterThan(10);
        assertThat(d.userSeconds()).isGreaterThanOrEqualTo(0);
        assertThat(d.systemSeconds()).isGreaterThanOrEqualTo(0);
    }
}
