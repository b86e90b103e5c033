package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.report.RunFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill report}, run through picocli's execute(). */
class ReportCommandTest {
    @TempDir Path tmp;
    private final Cli cli = new Cli();

    @Test
    void oneRunWritesItsReportIntoTheRunDirectory() throws Exception {
        Path run = RunFixture.write(tmp.resolve("run"), 2, true);
        assertThat(cli.run("report", run.toString())).as(cli.err.toString()).isZero();
        assertThat(run.resolve("report.html")).isNotEmptyFile();
        assertThat(cli.out.toString()).contains("Report written to " + run.resolve("report.html"));
    }

    @Test
    void oneRunWithOutWritesThere() throws Exception {
        Path run = RunFixture.write(tmp.resolve("run"), 1, false);
        Path out = tmp.resolve("pages/study.html");
        assertThat(cli.run("report", run.toString(), "--out", out.toString())).as(cli.err.toString()).isZero();
        assertThat(out).isNotEmptyFile();
        assertThat(run.resolve("report.html")).doesNotExist();
    }

    @Test
    void severalRunsAreMergedIntoOut() throws Exception {
        Path a = RunFixture.write(tmp.resolve("a"), 1, false);
        Path b = RunFixture.write(tmp.resolve("b"), 1, true);
        Path out = tmp.resolve("merged.html");
        assertThat(cli.run("report", a.toString(), b.toString(), "--out", out.toString())).isZero();
        assertThat(Files.readString(out)).contains("a/student-a1", "b/student-a1");
    }

    @Test
    void severalRunsWithoutOutAreRefused() throws Exception {
        Path a = RunFixture.write(tmp.resolve("a"), 1, false);
        Path b = RunFixture.write(tmp.resolve("b"), 1, false);
        assertThat(cli.run("report", a.toString(), b.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("2 run directories are merged into one report: name the file with --out FILE");
    }

    @Test
    void aMissingDirectoryIsOneLineAndExitTwo() {
        assertThat(cli.run("report", tmp.resolve("nope").toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("run directory", "does not exist");
    }

    @Test
    void aDirectoryWithoutResultsIsOneLineAndExitTwo() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("unfinished"));
        Files.writeString(run.resolve("config.json"), "{}");
        assertThat(cli.run("report", run.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("has no results.json", "--resume");
        assertThat(run.resolve("report.html")).doesNotExist();
    }

    @Test
    void noDirectoryIsAUsageError() {
        assertThat(cli.run("report")).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("RUN_DIR");
    }
}
