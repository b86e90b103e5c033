package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study trained by two processes over loopback ({@code --nodes 2}), one thread each. One rank is
 * killed inside a phase (teacher or students, after epoch 1 or 2 of 3, drawn from a seeded generator:
 * {@code -Dmultinode.seed=N} picks another draw, the default is 1): the other must fail on its own with
 * a one-line error naming its rank. Both restarted, rank 0 with {@code --resume}, the job must finish
 * with weights and metrics bit-identical to an uninterrupted two-process run.
 */
class MultiNodeStudyTest {
    static final List<String> ARGS = List.of(
            "study", "--dataset", "synthetic", "--preset", "quick", "--train-limit", "900",
            "--teacher-epochs", "3", "--student-epochs", "3", "--batch-size", "64", "--threads", "1");
    private static final int EPOCHS = 3;
    private static final long MINUTES = 10; // generous: a loaded CI machine slows epochs tenfold

    @TempDir Path tmp;

    @Test
    void aKilledRankStopsTheOtherAndTheRestartedJobResumesBitIdentically() throws Exception {
        long seed = Long.getLong("multinode.seed", 1);
        SplittableRandom random = new SplittableRandom(seed);
        String phase = random.nextBoolean() ? "teacher" : "students";
        int after = 1 + random.nextInt(EPOCHS - 1);
        int victim = random.nextInt(2);
        System.out.printf("multinode.seed %d: killing rank %d in phase %s after epoch %d of %d%n",
                seed, victim, phase, after, EPOCHS);
        Path killed = tmp.resolve("killed");
        int port = FreePorts.get();
        Process[] ranks = {start(0, port, List.of("--out", killed.toString()), "first0"),
            start(1, port, List.of(), "first1")};
        Path target = killed.resolve("checkpoints").resolve(phase + ".ckpt");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES);
        while (ResumeAfterKillTest.epochsDone(target) < after && ranks[0].isAlive() && ranks[1].isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ranks[victim].destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        Process survivor = ranks[1 - victim];
        assertThat(survivor.waitFor(MINUTES, TimeUnit.MINUTES)).as("the other rank exits").isTrue();
        System.out.printf("rank %d exited %.1f s after rank %d was killed%n", 1 - victim,
                (System.nanoTime() - killedAt) / 1e9, victim);
        int done = ResumeAfterKillTest.epochsDone(target);
        assertThat(done).as("epochs of phase %s when the kill landed; rank 0's log: %s", phase, log("first0"))
                .isBetween(after, EPOCHS - 1);
        assertThat(survivor.exitValue()).as("exit code of the rank left alone").isEqualTo(Main.EXIT_FAILURE);
        String error = log("first" + (1 - victim)).lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
        assertThat(error).as("its log: %s", log("first" + (1 - victim)))
                .contains("rank " + (1 - victim) + " of 2", "another process of the job stopped", "start every rank again");

        int again = FreePorts.get();
        Process resumed0 = start(0, again, List.of("--resume", killed.toString()), "resumed0");
        Process resumed1 = start(1, again, List.of(), "resumed1");
        assertFinished(resumed0, "resumed0");
        assertFinished(resumed1, "resumed1");
        Path reference = tmp.resolve("reference");
        int third = FreePorts.get();
        Process reference0 = start(0, third, List.of("--out", reference.toString()), "reference0");
        Process reference1 = start(1, third, List.of(), "reference1");
        assertFinished(reference0, "reference0");
        assertFinished(reference1, "reference1");

        for (String model : List.of("teacher", "student-a1", "student-a0", "student-a0.5")) {
            Path file = Path.of("models", model + ".params");
            assertThat(Files.readAllBytes(killed.resolve(file)))
                    .as("weights of %s", model).isEqualTo(Files.readAllBytes(reference.resolve(file)));
        }
        assertThat(ResumeAfterKillTest.withoutSeconds(killed)).isEqualTo(ResumeAfterKillTest.withoutSeconds(reference));
        assertThat(log("reference1")).contains("rank 1 of 2: joining the job at 127.0.0.1:" + third, "rank 1: done");
    }

    @Test
    void clusterOptionsAreCheckedBeforeAnyProcessJoins() {
        Cli noRank = new Cli();
        assertThat(noRank.run("study", "--dataset", "synthetic", "--nodes", "2")).isEqualTo(Main.EXIT_BAD_INPUT);
        noRank.assertOneLineError("--nodes 2 needs --rank R");
        Cli outside = new Cli();
        assertThat(outside.run("study", "--dataset", "synthetic", "--nodes", "2", "--rank", "2",
                "--master-addr", "127.0.0.1")).isEqualTo(Main.EXIT_BAD_INPUT);
        outside.assertOneLineError("--rank must be in 0..1");
        Cli noMaster = new Cli();
        assertThat(noMaster.run("study", "--dataset", "synthetic", "--nodes", "2", "--rank", "0",
                "--master-port", "1")).isEqualTo(Main.EXIT_BAD_INPUT);
        noMaster.assertOneLineError("needs the address of rank 0", "--master-addr");
        Cli crd = new Cli();
        assertThat(crd.run("study", "--dataset", "synthetic", "--preset", "quick", "--methods", "kd,crd", "--nodes", "2",
                "--rank", "0", "--master-addr", "127.0.0.1")).isEqualTo(Main.EXIT_BAD_INPUT);
        crd.assertOneLineError("method crd keeps a state of every training image", "drop --nodes");
        Cli dry = new Cli();
        assertThat(dry.run("study", "--dry-run", "--nodes", "2", "--rank", "1", "--master-addr", "127.0.0.1"))
                .as("a rank above 0 does not wait for a rank 0 that only checks").isZero();
        assertThat(dry.out.toString()).contains("rank 1 of 2: --dry-run");
        Cli gpus = new Cli();
        assertThat(gpus.run("study", "--dataset", "synthetic", "--gpus", "2", "--nodes", "2", "--rank", "1",
                "--master-addr", "127.0.0.1")).isEqualTo(Main.EXIT_BAD_INPUT);
        gpus.assertOneLineError("one process per GPU");
    }

    private Process start(int rank, int port, List<String> extra, String name) throws Exception {
        return start(tmp, rank, port, extra, name);
    }

    /**
     * @param tmp where the log goes ({@code name.log})
     * @param rank the process's rank of 2
     * @param port rank 0's port
     * @param extra {@code --out DIR}, or {@code --resume DIR} (then without the settings)
     * @param name the log's name
     * @return the started process, one of a two-process quick study
     */
    static Process start(Path tmp, int rank, int port, List<String> extra, String name) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(extra.contains("--resume") ? List.of("study") : ARGS);
        command.addAll(extra);
        command.addAll(List.of("--nodes", "2", "--rank", Integer.toString(rank), "--master-addr", "127.0.0.1",
                "--master-port", Integer.toString(port), "--cluster-timeout", "600"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile())
                .start();
    }

    private void assertFinished(Process p, String name) throws Exception {
        assertThat(p.waitFor(MINUTES, TimeUnit.MINUTES)).as("%s finishes", name).isTrue();
        assertThat(p.exitValue()).as("%s's log: %s", name, log(name)).isZero();
    }

    private String log(String name) throws Exception {
        return Files.readString(tmp.resolve(name + ".log"));
    }

}
