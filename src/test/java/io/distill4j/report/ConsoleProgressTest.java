package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.train.EpochMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Two epochs of three students trained together, three batches per epoch. */
    private static void students(ConsoleProgress p) {
        List<String> models = List.of("student-a1", "student-a0", "student-a0.5");
        p.onPhaseStart("students", models, 2, 3);
        for (int epoch = 1; epoch <= 2; epoch++) {
            for (int batch = 1; batch <= 3; batch++) {
                p.onBatch(epoch, batch, 128);
            }
            for (String m : models) {
                p.onEpoch(new EpochMetrics(m, epoch, 1.234567, 0.98765, 0.6123, 0.01, 42.06));
            }
        }
        p.onPhaseEnd("students");
    }

    @Test
    void logModePrintsPlainLinesOnly() {
        students(new ConsoleProgress(out, false));
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(log.lines()).containsExactly(
                "students: training student-a1, student-a0, student-a0.5 for 2 epochs of 3 batches",
                "student-a1    epoch 1/2  train loss 1.2346  val loss 0.9877  val acc  61.2%  42.1 s",
                "student-a0    epoch 1/2  train loss 1.2346  val loss 0.9877  val acc  61.2%  42.1 s",
                "student-a0.5  epoch 1/2  train loss 1.2346  val loss 0.9877  val acc  61.2%  42.1 s  students ETA 0:00",
                "student-a1    epoch 2/2  train loss 1.2346  val loss 0.9877  val acc  61.2%  42.1 s",
                "student-a0    epoch 2/2  train loss 1.2346  val loss 0.9877  val acc  61.2%  42.1 s",
                "student-a0.5  epoch 2/2  train loss 1.2346  val loss 0.9877  val acc  61.2%  42.1 s");
    }

    @Test
    void logModeReportsBatchesAtTheInterval() {
        students(new ConsoleProgress(out, false, Duration.ZERO));
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("students epoch 2/2: batch 3/3, ")
                .containsPattern("students epoch 1/2: batch 1/3, \\d+ img/s, epoch ETA 0:00, students ETA 0:00\n");
        assertThat(log.lines().filter(l -> l.contains(": batch "))).hasSize(6);
    }

    @RepeatedTest(20) // progressbar renders on its own thread: give a race a chance to show
    void terminalModeDrawsABarPerEpochAndEndsItsLineBeforeTheSummary() {
        students(new ConsoleProgress(out, true));
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("students epoch 1/2").contains("students epoch 2/2").contains("3/3").contains("img/s");
        // every summary line starts on a line of its own
        assertThat(log).containsPattern("\nstudent-a1    epoch 1/2  train loss")
                .containsPattern("\nstudent-a0.5  epoch 2/2  train loss");
    }

    @Test
    void countsReadAsEnglish() {
        assertThat(Formats.count(1, "epoch")).isEqualTo("1 epoch");
        assertThat(Formats.count(20, "epoch")).isEqualTo("20 epochs");
        assertThat(Formats.count(1, "batch")).isEqualTo("1 batch");
        assertThat(Formats.count(352, "batch")).isEqualTo("352 batches");
    }

    @Test
    void summaryWithoutAPhasePrintsTheBareEpoch() {
        assertThat(ConsoleProgress.summary(new EpochMetrics("teacher", 12, 0.5, 0.25, 0.995, 0.1, 3600), 0, 7))
                .isEqualTo("teacher  epoch 12  train loss 0.5000  val loss 0.2500  val acc  99.5%  3600.0 s");
        assertThat(ConsoleProgress.summary(new EpochMetrics("teacher", 3, 0.5, 0.25, 1.0, 0.1, 1), 30, 7))
                .startsWith("teacher  epoch  3/30  ").contains("val acc 100.0%");
    }
}
