package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvWriterTest {
    @TempDir Path dir;

    private static final List<EpochMetrics> ROWS = List.of(
            new EpochMetrics("teacher", 1, 2.1234567890123, 1.9, 0.3125, 1e-4, 61.5),
            new EpochMetrics("student-a0.5", 1, 0.75, Double.NaN, 0.1, 0.01, 12.0),
            new EpochMetrics("student-a0.5", 2, 0.5, 0.6, 1.0, 0.0, 0.001));

    @Test
    void roundTripKeepsEveryValueExactly() throws IOException {
        Path csv = dir.resolve("run/metrics.csv"); // parent created
        try (MetricsCsvWriter w = new MetricsCsvWriter(csv)) {
            ROWS.forEach(w::onEpoch);
        }
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("model,epoch,train_loss,val_loss,val_acc,lr,seconds");
        assertThat(Files.readAllLines(csv)).hasSize(4);
        assertThat(MetricsCsvWriter.read(csv)).isEqualTo(ROWS);
    }

    @Test
    void eachRowIsOnDiskBeforeTheWriterCloses() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        try (MetricsCsvWriter w = new MetricsCsvWriter(csv)) {
            assertThat(MetricsCsvWriter.read(csv)).isEmpty();
            w.onEpoch(ROWS.get(0));
            assertThat(MetricsCsvWriter.read(csv)).containsExactly(ROWS.get(0));
            w.onEpoch(ROWS.get(1));
            assertThat(MetricsCsvWriter.read(csv)).containsExactlyElementsOf(ROWS.subList(0, 2));
        }
    }

    @Test
    void eachEpochReplacesTheFileWithACompleteOneNeverAppendsInPlace() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        try (MetricsCsvWriter w = new MetricsCsvWriter(csv)) {
            w.onEpoch(ROWS.get(0));
            Path before = Files.createLink(dir.resolve("after-epoch-1.csv"), csv);
            w.onEpoch(ROWS.get(1));
            assertThat(MetricsCsvWriter.read(before)).containsExactly(ROWS.get(0));
            assertThat(MetricsCsvWriter.read(csv)).containsExactlyElementsOf(ROWS.subList(0, 2));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void malformedRowNamesTheLine() throws IOException {
        Path csv = write("model,epoch,train_loss,val_loss,val_acc,lr,seconds\n"
                + "teacher,1,2.0,1.9,0.3,0.01,60\n"
                + "teacher,2,1.5,1.4,0.4,0.01\n");
        assertThatThrownBy(() -> MetricsCsvWriter.read(csv))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("expected 7 comma-separated fields")
                .hasMessageContaining("found 6");
    }

    @Test
    void badNumberNamesLineAndColumn() throws IOException {
        Path csv = write("model,epoch,train_loss,val_loss,val_acc,lr,seconds\n\nteacher,1,2.0,abc,0.3,0.01,60\n");
        assertThatThrownBy(() -> MetricsCsvWriter.read(csv))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 3: column 'val_loss' is not a number: 'abc'");
        Path epoch = write("model,epoch,train_loss,val_loss,val_acc,lr,seconds\nteacher,1.5,2.0,1.0,0.3,0.01,60\n");
        assertThatThrownBy(() -> MetricsCsvWriter.read(epoch))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 2: column 'epoch' is not an integer");
    }

    @Test
    void wrongHeaderEmptyOrMissingFileIsBadInput() throws IOException {
        Path other = write("name,value\nx,1\n");
        assertThatThrownBy(() -> MetricsCsvWriter.read(other))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 1: expected the header");
        Path empty = write("");
        assertThatThrownBy(() -> MetricsCsvWriter.read(empty)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> MetricsCsvWriter.read(dir.resolve("nope.csv")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void rejectsNamesThatBreakTheCsvAndUseAfterClose() throws IOException {
        MetricsCsvWriter w = new MetricsCsvWriter(dir.resolve("m.csv"));
        assertThatThrownBy(() -> w.onEpoch(new EpochMetrics("a,b", 1, 0, 0, 0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        w.close();
        w.close();
        assertThatThrownBy(() -> w.onEpoch(ROWS.get(0))).isInstanceOf(IllegalStateException.class);
    }

    private Path write(String text) throws IOException {
        Path p = Files.createTempFile(dir, "metrics", ".csv");
        return Files.writeString(p, text);
    }
}
