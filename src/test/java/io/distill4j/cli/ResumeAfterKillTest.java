package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a running study with SIGKILL inside a phase (teacher or students, after epoch 1 or 2 of 3,
 * drawn from a seeded generator: {@code -Dresume.seed=N} picks another draw, the default is 1), resumes it and compares with an uninterrupted run of the same seed and thread
 * count: weights must be bit-identical and every metric equal. The killed phase's checkpoint,
 * read after the kill, proves that the kill landed before that phase's end.
 */
class ResumeAfterKillTest {
    private static final List<String> ARGS = List.of(
            "study", "--dataset", "synthetic", "--preset", "quick", "--train-limit", "900",
            "--teacher-epochs", "3", "--student-epochs", "3", "--batch-size", "64", "--threads", "2");
    private static final int EPOCHS = 3;

    @TempDir Path tmp;

    private static String[] args(Path out, String precision) {
        List<String> a = new ArrayList<>(ARGS);
        a.addAll(List.of("--precision", precision, "--out", out.toString()));
        return a.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fp32", "bf16"})
    void killedStudyResumesToTheSameResults(String precision) throws Exception {
        long seed = Long.getLong("resume.seed", 1);
        SplittableRandom random = new SplittableRandom(seed);
        String phase = random.nextBoolean() ? "teacher" : "students";
        int after = 1 + random.nextInt(EPOCHS - 1);
        Path killed = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args(killed, precision)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path firstCheckpoint = killed.resolve("checkpoints").resolve("teacher.ckpt");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15); // generous: a loaded CI machine slows epochs tenfold
        while (!Files.exists(firstCheckpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(firstCheckpoint).as("child log: %s", Files.readString(tmp.resolve("child.log"))).exists();

        Cli busy = new Cli();
        assertThat(busy.run("study", "--resume", killed.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        busy.assertOneLineError("in use by another study");

        Path target = killed.resolve("checkpoints").resolve(phase + ".ckpt");
        while (epochsDone(target) < after && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // Somewhere in the next epoch (one takes seconds), not always right after the checkpoint.
        Thread.sleep(random.nextInt(500));
        child.destroyForcibly().waitFor();
        int done = epochsDone(target);
        System.out.printf("killed the study in phase %s after epoch %d of %d (aimed after epoch %d, resume.seed %d)%n",
                phase, done, EPOCHS, after, seed);
        assertThat(done).as("epochs of phase %s done when the kill landed; child log: %s", phase,
                Files.readString(tmp.resolve("child.log"))).isBetween(after, EPOCHS - 1);

        Cli resumed = new Cli();
        assertThat(resumed.run("study", "--resume", killed.toString())).as(resumed.err.toString()).isZero();
        Path reference = tmp.resolve("reference");
        Cli uninterrupted = new Cli();
        assertThat(uninterrupted.run(args(reference, precision))).as(uninterrupted.err.toString()).isZero();
        // --resume takes no settings: the resumed phases ran in the precision config.json recorded
        ObjectMapper config = new ObjectMapper();
        assertThat(config.readTree(killed.resolve("config.json").toFile()).at("/settings/precision").asText())
                .isEqualTo(precision);

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

    /**
     * @return the epochs a phase's checkpoint holds, from its header (magic, phase name, epoch: see
     *     {@code Checkpointer}), or 0 without a checkpoint; checkpoints are renamed into place, so
     *     the file read is always a whole one
     */
    static int epochsDone(Path checkpoint) throws Exception {
        if (!Files.exists(checkpoint)) {
            return 0;
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(checkpoint))) {
            in.readUTF();
            in.readUTF();
            return in.readInt();
        }
    }

    static List<String> withoutSeconds(Path run) throws Exception {
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
