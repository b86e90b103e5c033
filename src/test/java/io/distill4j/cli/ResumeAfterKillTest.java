package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a running study with SIGKILL at a random point after its first checkpoint, resumes it and
 * compares with an uninterrupted run of the same seed and thread count: weights must be
 * bit-identical and every metric equal.
 */
class ResumeAfterKillTest {
    private static final List<String> ARGS = List.of(
            "study", "--dataset", "synthetic", "--preset", "quick", "--train-limit", "900",
            "--teacher-epochs", "3", "--student-epochs", "3", "--batch-size", "64", "--threads", "2");

    @TempDir Path tmp;

    private static String[] args(Path out) {
        List<String> a = new ArrayList<>(ARGS);
        a.add("--out");
        a.add(out.toString());
        return a.toArray(String[]::new);
    }

    @Test
    void killedStudyResumesToTheSameResults() throws Exception {
        Path killed = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args(killed)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path firstCheckpoint = killed.resolve("checkpoints").resolve("teacher.ckpt");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(firstCheckpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(firstCheckpoint).as("child log: %s", Files.readString(tmp.resolve("child.log"))).exists();

        Cli busy = new Cli();
        assertThat(busy.run("study", "--resume", killed.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        busy.assertOneLineError("in use by another study");

        long delayMs = new Random().nextInt(6000);
        Thread.sleep(delayMs);
        child.destroyForcibly().waitFor();
        System.out.printf("killed the study %d ms after its first checkpoint; checkpoints then: %s%n", delayMs,
                Files.list(killed.resolve("checkpoints")).map(p -> p.getFileName().toString()).toList());

        Cli resumed = new Cli();
        assertThat(resumed.run("study", "--resume", killed.toString())).as(resumed.err.toString()).isZero();
        Path reference = tmp.resolve("reference");
        Cli uninterrupted = new Cli();
        assertThat(uninterrupted.run(args(reference))).as(uninterrupted.err.toString()).isZero();

        for (String model : List.of("teacher", "student-a1", "student-a0", "student-a0.5")) {
            Path file = Path.of("models", model + ".params");
            assertThat(Files.readAllBytes(killed.resolve(file)))
                    .as("weights of %s", model).isEqualTo(Files.readAllBytes(reference.resolve(file)));
        }
        assertThat(withoutSeconds(killed)).isEqualTo(withoutSeconds(reference));
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(killed.resolve("results.json").toFile()).get("models");
        JsonNode b = json.readTree(reference.resolve("results.json").toFile()).get("models");
        for (int i = 0; i < 4; i++) {
            for (String field : List.of("train_acc", "val_acc", "test_acc")) {
                assertThat(a.get(i).get(field).asDouble()).isEqualTo(b.get(i).get(field).asDouble());
            }
        }
    }

    private static List<String> withoutSeconds(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    }

    @Test
    void resumeRefusesOtherOptionsAndDirectoriesWithoutAStudy() throws Exception {
        Cli cli = new Cli();
        assertThat(cli.run("study", "--resume", tmp.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("holds no config.json");
        Cli other = new Cli();
        assertThat(other.run("study", "--resume", tmp.toString(), "--seed", "3")).isEqualTo(Main.EXIT_BAD_INPUT);
        other.assertOneLineError("drop --seed");
    }
}
