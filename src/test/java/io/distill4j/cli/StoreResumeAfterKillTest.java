package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill4j.store.StoreWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a {@code teacher-outputs} build with SIGKILL after a number of committed parts drawn from a
 * seeded generator ({@code -Dstore.kill.seed=N} picks another draw; the default is 1), refuses to
 * build over it without {@code --resume} or to resume it with other settings, resumes it, and
 * compares it with an uninterrupted build: every Parquet part byte for byte, {@code store.json}
 * equal but for its provenance, nothing left over from the killed build.
 */
class StoreResumeAfterKillTest {
    private static final int SEEDS = 2;
    private static final int EPOCHS = 3;
    private static final List<String> DATA = List.of("--dataset", "synthetic", "--preset", "quick",
            "--train-limit", "1200", "--batch-size", "64", "--threads", "2");

    @TempDir Path tmp;

    private static String[] storeArgs(Path teacher, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("teacher-outputs"));
        a.addAll(DATA);
        a.addAll(List.of("--student-epochs", String.valueOf(EPOCHS), "--seeds", String.valueOf(SEEDS), "--teacher", teacher.toString(), "--features", "embedding", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void aKilledBuildResumesToTheSameStore() throws Exception {
        Cli setup = new Cli();
        List<String> study = new ArrayList<>(List.of("study"));
        study.addAll(DATA);
        study.addAll(List.of("--teacher-epochs", "1", "--student-epochs", "1", "--alphas", "1", "--seeds", "1",
                "--out", tmp.resolve("teacher-run").toString()));
        assertThat(setup.run(study.toArray(String[]::new))).as(setup.err.toString()).isZero();
        Path teacher = tmp.resolve("teacher-run/models/teacher.params");

        long seed = Long.getLong("store.kill.seed", 1);
        int parts = SEEDS * EPOCHS;
        int after = 1 + new SplittableRandom(seed).nextInt(parts / 2);
        Path killed = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(storeArgs(teacher, killed)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15); // generous: a loaded CI machine is slow
        while (committed(killed) < after && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        child.destroyForcibly().waitFor();
        int done = committed(killed);
        System.out.printf("killed the store build after %d of %d parts (aimed after %d, store.kill.seed %d)%n",
                done, parts, after, seed);
        assertThat(done).as("parts committed when the kill landed; child log: %s", Files.readString(tmp.resolve("child.log")))
                .isBetween(after, parts - 1);
        assertThat(killed.resolve("store.json")).doesNotExist();

        Cli over = new Cli();
        assertThat(over.run(storeArgs(teacher, killed))).isEqualTo(Main.EXIT_BAD_INPUT);
        over.assertOneLineError("unfinished build", "--resume");
        Cli other = new Cli();
        assertThat(other.run(storeArgs(teacher, killed, "--resume", "--top-k", "3"))).isEqualTo(Main.EXIT_BAD_INPUT);
        other.assertOneLineError("started with other settings", "logits.top-k 0 then, 3 now");
        assertThat(committed(killed)).as("a refused resume loses nothing").isEqualTo(done);

        Cli resumed = new Cli();
        assertThat(resumed.run(storeArgs(teacher, killed, "--resume"))).as(resumed.err.toString()).isZero();
        Path reference = tmp.resolve("reference");
        Cli uninterrupted = new Cli();
        assertThat(uninterrupted.run(storeArgs(teacher, reference))).as(uninterrupted.err.toString()).isZero();

        List<Path> expected = parquetParts(reference);
        assertThat(expected).hasSize(parts + 1);
        assertThat(parquetParts(killed)).isEqualTo(expected);
        for (Path part : expected) {
            assertThat(Files.readAllBytes(killed.resolve(part))).as("%s", part).isEqualTo(Files.readAllBytes(reference.resolve(part)));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode a = (ObjectNode) json.readTree(killed.resolve("store.json").toFile());
        ObjectNode b = (ObjectNode) json.readTree(reference.resolve("store.json").toFile());
        a.remove("provenance");
        b.remove("provenance");
        assertThat(a).isEqualTo(b);
        try (Stream<Path> files = Files.walk(killed)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".tmp") || name.equals("build.json"));
        }

        Cli finished = new Cli();
        assertThat(finished.run(storeArgs(teacher, killed, "--resume"))).isEqualTo(Main.EXIT_BAD_INPUT);
        finished.assertOneLineError("is a finished store: nothing to resume");
    }

    /** @return the committed view parts of a store so far (parts are renamed into place whole) */
    private static int committed(Path store) {
        int n = 0;
        for (int s = 1; s <= SEEDS; s++) {
            for (int e = 1; e <= EPOCHS; e++) {
                n += StoreWriter.committed(io.distill4j.store.TeacherStore.viewsDir(store, s, e)) ? 1 : 0;
            }
        }
        return n;
    }

    /** @return the store's Parquet files, relative and sorted */
    private static List<Path> parquetParts(Path store) throws Exception {
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).map(store::relativize).sorted().toList();
        }
    }
}
