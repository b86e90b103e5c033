package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code teacher-outputs} and {@code study --teacher-outputs}: students trained from the store equal
 * the students of the live teacher bit for bit (same CPU threads), and stores that do not fit are
 * refused in one line.
 */
class TeacherOutputsCommandTest {
    /** The settings of both the store and the studies: a store serves the study with the same settings. */
    private static final List<String> SETTINGS = List.of("--dataset", "synthetic", "--preset", "quick",
            "--train-limit", "600", "--student-epochs", "2", "--batch-size", "64", "--seeds", "2", "--threads", "2");

    @TempDir static Path shared;
    private static Path teacher;
    private static Path store;

    @TempDir Path tmp;
    private final Cli cli = new Cli();

    /** @return the command with {@link #SETTINGS}, where {@code extra} gives a flag of them it replaces their value */
    private static String[] args(String command, List<String> extra) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(SETTINGS);
        for (int i = 0; i < extra.size(); i++) {
            int at = all.indexOf(extra.get(i));
            if (at > 0 && extra.get(i).startsWith("--") && i + 1 < extra.size() && !extra.get(i + 1).startsWith("--")) {
                all.set(at + 1, extra.get(++i));
            } else {
                all.add(extra.get(i));
            }
        }
        return all.toArray(String[]::new);
    }

    @BeforeAll
    static void trainTeacherAndStoreItsOutputs() {
        Cli setup = new Cli();
        Path run = shared.resolve("teacher-run");
        assertThat(setup.run(args("study", List.of("--teacher-epochs", "1", "--alphas", "1", "--seeds", "1",
                "--out", run.toString())))).as(setup.err.toString()).isZero();
        teacher = run.resolve("models/teacher.params");
        store = shared.resolve("store");
        assertThat(setup.run(args("teacher-outputs", List.of("--teacher", teacher.toString(), "--features", "embedding",
                "--out", store.toString())))).as(setup.err.toString()).isZero();
    }

    @Test
    void theStoreIsParquetPartitionedBySeedAndEpochWithItsManifestAndTheTeachersScores() throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(store.resolve("store.json").toFile());
        assertThat(manifest.at("/format").asText()).isEqualTo("distill4j-teacher-outputs/1");
        assertThat(manifest.at("/views/seeds").toString()).isEqualTo("[1,2]");
        assertThat(manifest.at("/views/epochs").asInt()).isEqualTo(2);
        assertThat(manifest.at("/teacher/sha256").asText()).hasSize(64);
        assertThat(manifest.at("/features").toString()).isEqualTo("[\"embedding\"]");
        for (String part : List.of("views/seed=1/epoch=1", "views/seed=1/epoch=2", "views/seed=2/epoch=2", "test")) {
            byte[] head = Files.readAllBytes(store.resolve(part).resolve("part-00000.parquet"));
            assertThat(new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).as(part).isEqualTo("PAR1");
        }
        assertThat(store.resolve("teacher/results.json")).exists();
        assertThat(store.resolve("teacher/evaluation.json")).exists();
    }

    @Test
    void studentsFromTheStoreEqualStudentsOfTheLiveTeacherBitForBit() throws Exception {
        Path live = tmp.resolve("live");
        Path stored = tmp.resolve("stored");
        List<String> methods = List.of("--methods", "ce,kd,rkd");
        List<String> liveArgs = new ArrayList<>(methods);
        liveArgs.addAll(List.of("--teacher", teacher.toString(), "--out", live.toString()));
        assertThat(cli.run(args("study", liveArgs))).as(cli.err.toString()).isZero();
        List<String> storedArgs = new ArrayList<>(methods);
        storedArgs.addAll(List.of("--teacher-outputs", store.toString(), "--out", stored.toString()));
        assertThat(cli.run(args("study", storedArgs))).as(cli.err.toString()).isZero();

        List<Path> students;
        try (Stream<Path> s = Files.list(live.resolve("models"))) {
            students = s.filter(p -> p.getFileName().toString().startsWith("student-")
                    && p.getFileName().toString().endsWith(".params")).sorted().toList();
        }
        assertThat(students).hasSize(6);
        for (Path weights : students) {
            assertThat(Files.readAllBytes(stored.resolve("models").resolve(weights.getFileName())))
                    .as(weights.getFileName().toString()).isEqualTo(Files.readAllBytes(weights));
        }
        assertThat(stored.resolve("models/teacher.params")).doesNotExist();
        JsonNode a = new ObjectMapper().readTree(live.resolve("results.json").toFile()).at("/models");
        JsonNode b = new ObjectMapper().readTree(stored.resolve("results.json").toFile()).at("/models");
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).get("test_acc")).as(a.get(i).get("name").asText()).isEqualTo(a.get(i).get("test_acc"));
        }
    }

    @Test
    void aStoreThatDoesNotFitTheRunIsRefusedNamingTheDifference() throws Exception {
        expectRefusal(List.of("--split-seed", "2"), "split-seed 1", "this run has 2");
        expectRefusal(List.of("--seed", "2"), "needs seed 3");
        expectRefusal(List.of("--student-epochs", "3"), "holds 2 epochs but this run trains 3");
        expectRefusal(List.of("--no-augment"), "augment true");
        expectRefusal(List.of("--methods", "sp"), "holds no teacher feature");
        Path other = tmp.resolve("other.params");
        Files.write(other, Files.readAllBytes(teacher));
        try (RandomAccessFile f = new RandomAccessFile(other.toFile(), "rw")) {
            f.seek(f.length() - 1);
            f.write(f.read() ^ 1);
        }
        expectRefusal(List.of("--teacher", other.toString()), "another teacher");
    }

    @Test
    void aTruncatedOrForeignStoreIsRefusedInOneLine() throws Exception {
        Path broken = tmp.resolve("broken");
        SweepRunTest.copy(store, broken);
        Path part = broken.resolve("views/seed=2/epoch=1/part-00000.parquet");
        byte[] bytes = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path out = tmp.resolve("run");
        assertThat(cli.run(args("study", List.of("--teacher-outputs", broken.toString(), "--alphas", "0.5",
                "--out", out.toString())))).isEqualTo(2);
        cli.assertOneLineError("seed=2", "epoch=1", "truncated or foreign");

        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("store.json"), "{\"format\": \"something-else/2\"}");
        Cli again = new Cli();
        assertThat(again.run(args("study", List.of("--teacher-outputs", foreign.toString(), "--out",
                tmp.resolve("run2").toString())))).isEqualTo(2);
        again.assertOneLineError("not a distill4j-teacher-outputs/1 manifest");
    }

    @Test
    void buildingNeedsATrainedTeacherAndANewDirectory() {
        assertThat(cli.run(args("teacher-outputs", List.of("--out", tmp.resolve("s").toString())))).isEqualTo(2);
        cli.assertOneLineError("--teacher FILE");
        Cli again = new Cli();
        assertThat(again.run(args("teacher-outputs", List.of("--teacher", teacher.toString(), "--out", store.toString()))))
                .isEqualTo(2);
        again.assertOneLineError("never overwritten");
        assertThat(store.resolve("store.json")).exists();
    }

    private void expectRefusal(List<String> extra, String... fragments) {
        Cli c = new Cli();
        List<String> all = new ArrayList<>(List.of("--teacher-outputs", store.toString(), "--out",
                tmp.resolve("refused-" + extra.get(0).replace("-", "") + System.nanoTime()).toString()));
        all.addAll(extra);
        assertThat(c.run(args("study", all))).as(c.err.toString()).isEqualTo(2);
        c.assertOneLineError(fragments);
    }
}
