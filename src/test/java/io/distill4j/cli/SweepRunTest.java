package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill sweep teacher|run|status|report} on tiny synthetic sweeps: shards in separate
 * processes against one process, skipping what is complete, and a failing cell among good ones.
 */
class SweepRunTest {
    @TempDir Path tmp;

    /** @return a planned sweep directory of the sweep file's text */
    static Path plan(Path tmp, String name, String yaml) throws IOException {
        Path sweep = tmp.resolve(name);
        Cli cli = new Cli();
        assertThat(cli.run("sweep", "plan", "--config", Files.writeString(tmp.resolve(name + ".yaml"), yaml).toString(),
                "--out", sweep.toString())).as(cli.err.toString()).isZero();
        return sweep;
    }

    /** Runs the CLI in-process and expects success. */
    static Cli ok(String... args) {
        Cli cli = new Cli();
        assertThat(cli.run(args)).as("%s: %s", List.of(args), cli.err).isZero();
        return cli;
    }

    /** @return a child JVM running the CLI, its output in {@code log} */
    static Process child(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** @return every model's name, accuracies and seed in each cell's results.json, cell by cell */
    static List<String> accuracies(Path sweep, int cells) throws IOException {
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < cells; k++) {
            JsonNode models = new ObjectMapper().readTree(sweep.resolve("cells/" + k + "/results.json").toFile()).path("models");
            for (JsonNode m : models) {
                rows.add(k + " " + m.path("name").asText() + " seed " + m.path("seed").asLong() + " train "
                        + m.path("train_acc").asDouble() + " val " + m.path("val_acc").asDouble() + " test "
                        + m.path("test_acc").asDouble());
            }
        }
        return rows;
    }

    /** @return the bytes of every student's weights, cell by cell */
    static List<String> weights(Path sweep, int cells) throws IOException {
        List<String> all = new ArrayList<>();
        for (int k = 0; k < cells; k++) {
            try (Stream<Path> files = Files.list(sweep.resolve("cells/" + k + "/models"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".params")).sorted().toList()) {
                    all.add(k + " " + f.getFileName() + " " + java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void shardsInSeparateProcessesGiveTheResultsOfOneProcessCellByCell() throws Exception {
        Path sweep = plan(tmp, "sweep", SweepPlanCommandTest.TWELVE);
        assertThat(ok("sweep", "teacher", sweep.toString()).out.toString()).contains("teacher 0: starting", "teacher 0: done");
        assertThat(ok("sweep", "teacher", sweep.toString()).out.toString()).contains("teacher 0: complete, skipped");
        Path oneProcess = tmp.resolve("one-process");
        copy(sweep, oneProcess);

        for (int i = 0; i < 4; i++) {
            Path log = tmp.resolve("shard-" + i + ".log");
            Process p = child(log, "sweep", "run", sweep.toString(), "--shard", i + "/4");
            assertThat(p.waitFor()).as("shard %d: %s", i, Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("3 cells: 3 run now");
        }
        Cli all = ok("sweep", "run", oneProcess.toString());
        assertThat(all.out.toString()).contains("12 cells: 12 run now, 0 already complete");

        assertThat(accuracies(sweep, 12)).hasSize(24).isEqualTo(accuracies(oneProcess, 12));
        assertThat(weights(sweep, 12)).hasSize(12).isEqualTo(weights(oneProcess, 12));
        // one teacher, scored alike in every cell (its row carries the cell's seed)
        assertThat(accuracies(sweep, 12).stream().filter(r -> r.contains("teacher"))
                .map(r -> r.substring(r.indexOf(" train "))).distinct()).hasSize(1);

        Cli again = ok("sweep", "run", sweep.toString(), "--shard", "2/4");
        assertThat(again.out.toString()).contains("cell 2 (methods ce, method-param kd.alpha=0.9, seed 1): complete, skipped",
                "3 cells: 0 run now, 3 already complete");
        assertThat(ok("sweep", "status", sweep.toString()).out.toString())
                .contains("12 cells: 12 done, 0 running, 0 failed, 0 pending", "teacher 0: done");

        Cli report = ok("sweep", "report", sweep.toString());
        assertThat(report.out.toString()).contains("Report written to " + sweep.resolve("report.html"));
        String md = Files.readString(sweep.resolve("results.md"));
        assertThat(md).contains("12 cells, 12 complete, 0 not in this report", "| configuration | method | seeds |",
                "method-param kd.alpha=0.5/student-kd", "method-param kd.alpha=0.9/student-sp+kd", "too few seeds",
                "None: every cell is complete.");
        assertThat(md.lines().filter(l -> l.contains("/student-") && l.contains("| 2 |"))).hasSize(6);
        String html = Files.readString(sweep.resolve("report.html"));
        assertThat(html).contains("labels-only (method-param kd.alpha=0.5)", "sp+kd, α = 0.9 (method-param kd.alpha=0.9)")
                .doesNotContain("Not in this report");
        // `report` on the sweep directory is the same
        assertThat(ok("report", sweep.toString()).out.toString()).contains("Report written to " + sweep.resolve("report.html"));
    }

    @Test
    void cellsTakeTheTeachersScoresFromTheRunThatTrainedIt() throws Exception {
        Path sweep = plan(tmp, "sweep", SweepPlanCommandTest.TWELVE.replace("[ce, kd, sp+kd]", "[kd]")
                .replace("  method-param: [{kd.alpha: 0.5}, {kd.alpha: 0.9}]\n", "").replace("seed: [1, 2]", "seed: [3]"));
        ok("sweep", "teacher", sweep.toString());
        // A mark no scoring could produce: the cell must show it, its seed and no training time.
        Path results = sweep.resolve("teachers/0/results.json");
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.readTree(results.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode teacher = (com.fasterxml.jackson.databind.node.ObjectNode) tree.path("models").get(0);
        assertThat(teacher.path("name").asText()).isEqualTo("teacher");
        assertThat(teacher.path("train_seconds").asDouble()).isPositive();
        teacher.put("test_acc", 0.123456);
        json.writeValue(results.toFile(), tree);

        ok("sweep", "run", sweep.toString());
        JsonNode cell = json.readTree(sweep.resolve("cells/0/results.json").toFile()).path("models").get(0);
        assertThat(cell.path("name").asText()).isEqualTo("teacher");
        assertThat(cell.path("test_acc").asDouble()).isEqualTo(0.123456);
        assertThat(cell.path("train_acc").asDouble()).isEqualTo(teacher.path("train_acc").asDouble());
        assertThat(cell.path("seed").asLong()).isEqualTo(3);
        assertThat(cell.path("train_seconds").asDouble()).isZero();
        assertThat(json.readTree(sweep.resolve("cells/0/evaluation.json").toFile()).path("models").get(0))
                .isEqualTo(json.readTree(sweep.resolve("teachers/0/evaluation.json").toFile()).path("models").get(0));
    }

    @Test
    void aFailingCellIsRecordedWithItsErrorAndTheOthersRun() throws Exception {
        Path sweep = plan(tmp, "sweep", SweepPlanCommandTest.TWELVE.replace("[{kd.alpha: 0.5}, {kd.alpha: 0.9}]",
                "[{sp.weight: 3000}, {sp.weight: 1e38}]").replace("seed: [1, 2]\n", "").replace("[ce, kd, sp+kd]", "[ce, sp]"));
        ok("sweep", "teacher", sweep.toString());
        Cli run = new Cli();
        assertThat(run.run("sweep", "run", sweep.toString())).isEqualTo(Main.EXIT_FAILURE);
        String failed = "cell 3 (methods sp, method-param sp.weight=100000000000000000000000000000000000000): failed: loss of"
                + " student-sp became";
        assertThat(run.out.toString()).contains(failed, "cell 2 (methods sp, method-param sp.weight=3000): done",
                "4 cells: 3 run now, 0 already complete, 0 held by another worker, 1 failed");
        JsonNode state = new ObjectMapper().readTree(sweep.resolve("cells/3/state.json").toFile());
        assertThat(state.path("state").asText()).isEqualTo("failed");
        assertThat(state.path("error").asText()).contains("loss of student-sp became");
        assertThat(ok("sweep", "status", sweep.toString()).out.toString())
                .contains("4 cells: 3 done, 0 running, 1 failed, 0 pending", failed);
        Cli report = ok("sweep", "report", sweep.toString());
        assertThat(report.out.toString()).contains("1 cells not in it:", failed);
        assertThat(Files.readString(sweep.resolve("results.md"))).contains("- " + failed);
        assertThat(Files.readString(sweep.resolve("report.html"))).contains("Not in this report", "cell 3 (methods sp,");
    }

    @Test
    void aCellKilledMidEpochResumesToTheResultsOfAnUninterruptedRun() throws Exception {
        Path sweep = plan(tmp, "sweep", SweepPlanCommandTest.TWELVE.replace("student-epochs: 1", "student-epochs: 3")
                .replace("train-limit: 300", "train-limit: 900").replace("[ce, kd, sp+kd]", "[kd]")
                .replace("  method-param: [{kd.alpha: 0.5}, {kd.alpha: 0.9}]\n", "").replace("seed: [1, 2]", "seed: [1]"));
        ok("sweep", "teacher", sweep.toString());
        Path reference = tmp.resolve("reference");
        copy(sweep, reference);

        Path log = tmp.resolve("killed.log");
        Process child = child(log, "sweep", "run", sweep.toString(), "--cell", "0");
        Path checkpoint = sweep.resolve("cells/0/checkpoints/students.ckpt");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(15);
        while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(checkpoint).as("child log: %s", Files.readString(log)).exists();
        // preemption: SIGTERM, then SIGKILL where the process is still there
        child.destroy();
        if (!child.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
        }
        assertThat(sweep.resolve("cells/0/results.json")).as("killed before its end; log: %s", Files.readString(log))
                .doesNotExist();
        assertThat(ok("sweep", "status", sweep.toString()).out.toString())
                .contains("1 cells: 0 done, 0 running, 0 failed, 1 pending (1 interrupted)", "interrupted");

        assertThat(ok("sweep", "run", sweep.toString(), "--cell", "0").out.toString())
                .contains("cell 0 (methods kd, seed 1): resuming from its checkpoints", "cell 0 (methods kd, seed 1): done");
        ok("sweep", "run", reference.toString(), "--cell", "0");
        assertThat(accuracies(sweep, 1)).isEqualTo(accuracies(reference, 1));
        assertThat(weights(sweep, 1)).isEqualTo(weights(reference, 1));
        assertThat(withoutSeconds(sweep)).isEqualTo(withoutSeconds(reference));
    }

    private static List<String> withoutSeconds(Path sweep) throws IOException {
        return Files.readAllLines(sweep.resolve("cells/0/metrics.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    }
}
