package io.distill4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of a run is replaced by a complete new file (through {@code AtomicFiles}), never
 * truncated and rewritten in place: a hard link taken before a rewrite keeps the old content, the
 * way a crash mid-write would keep the old file.
 */
class AtomicReportFilesTest {
    @TempDir Path tmp;

    private static void writeReport(Path run) {
        RunFiles files = RunFiles.read(run);
        ResultsWriter.writeMarkdown(run.resolve(ResultsWriter.MARKDOWN_FILE), "t", "d", files.models(), Map.of());
        Charts.writeAll(run, files.metrics(), files.models());
        Charts.writeEvaluation(run, files.evaluations());
        HtmlReport.write(run);
    }

    @Test
    void rewritingARunReplacesEveryFileWhole() throws IOException {
        Path run = RunFixture.write(tmp.resolve("run"), 2, true);
        writeReport(run);
        Path links = Files.createDirectories(tmp.resolve("links"));
        Map<Path, byte[]> before = new LinkedHashMap<>();
        List<Path> written;
        try (var s = Files.list(run)) {
            written = s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(RunFiles.CONFIG_FILE)) // the fixture's own
                    .toList();
        }
        for (Path f : written) {
            before.put(Files.createLink(links.resolve(f.getFileName()), f), Files.readAllBytes(f));
        }
        assertThat(written).extracting(f -> f.getFileName().toString()).contains("results.json", "results.md",
                "metrics.csv", "evaluation.json", "report.html", "train_loss.png", "accuracy.png");

        RunFixture.write(run, 3, true);
        writeReport(run);

        for (Path f : written) {
            Path link = links.resolve(f.getFileName());
            assertThat(Files.isSameFile(link, f)).as("%s was rewritten in place", f.getFileName()).isFalse();
            assertThat(Files.readAllBytes(link)).as("old %s", f.getFileName()).isEqualTo(before.get(link));
        }
        try (var s = Files.list(run)) {
            assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
