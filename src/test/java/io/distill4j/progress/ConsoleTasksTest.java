package io.distill4j.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ConsoleTasksTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesGiveCountShareRateAndEtaThenTheTotal() {
        try (Progress.Task task = new ConsoleTasks(out, false, Duration.ZERO, Duration.ZERO)
                .start("scoring teacher", 4000, "images")) {
            task.advance(1000);
            task.advance(3000);
        }
        assertThat(printed()).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(printed().lines()).hasSize(3);
        assertThat(printed().lines().toList().get(0))
                .matches("scoring teacher: 1,000/4,000 images \\(25 %\\), [\\d,]+ images/s, ETA \\d+:\\d\\d");
        assertThat(printed().lines().toList().get(1)).startsWith("scoring teacher: 4,000/4,000 images (100 %), ")
                .endsWith(", ETA 0:00");
        assertThat(printed().lines().toList().get(2)).matches("scoring teacher: 4,000 images in \\d+:\\d\\d \\([\\d,]+ images/s\\)");
    }

    @Test
    void aTaskShorterThanTheFirstIntervalPrintsNothing() {
        try (Progress.Task task = new ConsoleTasks(out, false).start("scoring student", 100, "images")) {
            task.advance(100);
        }
        assertThat(printed()).isEmpty();
    }

    @Test
    void anUnknownTotalPrintsCountsWithoutShareOrEta() {
        try (Progress.Task task = new ConsoleTasks(out, false, Duration.ZERO, Duration.ZERO).start("reading", 0, "rows")) {
            task.advance(7);
        }
        assertThat(printed().lines().toList().get(0)).matches("reading: 7 rows, [\\d,]+ rows/s");
    }

    @RepeatedTest(5) // progressbar renders on its own thread
    void aTerminalGetsABarThatEndsItsLine() {
        try (Progress.Task task = new ConsoleTasks(out, true).start("decoding images", 10, "images")) {
            task.advance(10);
        }
        assertThat(printed()).contains("decoding images").contains("10/10").endsWith("\n");
    }

    @Test
    void silentReportsNothingAndClocksReadAsTime() {
        try (Progress.Task task = Progress.SILENT.start("x", 1, "images")) {
            task.advance(1);
        }
        assertThat(Terminal.clock(42.4)).isEqualTo("0:42");
        assertThat(Terminal.clock(725)).isEqualTo("12:05");
        assertThat(Terminal.clock(3725)).isEqualTo("1:02:05");
        assertThat(Terminal.eta(1, 4, 10)).isEqualTo("ETA 0:30");
        assertThat(Terminal.eta(0, 4, 10)).isEmpty();
        assertThat(Terminal.eta(3, 0, 10)).isEmpty();
    }
}
