package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/slurm/train-multinode.sbatch against a real Slurm (a one-node cluster, {@link OneNodeSlurm}):
 * a job of two tasks on one node, with {@code srun} giving the ranks, must train the quick study
 * exactly as two processes started by hand do: the same weights, bit for bit, and the same metrics.
 */
class SlurmMultiNodeTest {
    @TempDir Path tmp;

    @Test
    void aTwoTaskSlurmJobTrainsAsTwoProcessesStartedByHand() throws Exception {
        try (OneNodeSlurm slurm = OneNodeSlurm.start(tmp)) {
            Path viaSlurm = tmp.resolve("via-slurm");
            List<String> command = new ArrayList<>(List.of("sbatch", "--wait", "--nodes=1", "--ntasks-per-node=2",
                    "--cpus-per-task=1", "--output=" + tmp.resolve("job.out"), "deploy/slurm/train-multinode.sbatch"));
            command.addAll(MultiNodeStudyTest.ARGS.subList(1, MultiNodeStudyTest.ARGS.size()));
            command.addAll(List.of("--out", viaSlurm.toString(), "--master-port",
                    Integer.toString(FreePorts.get())));
            ProcessBuilder sbatch = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("sbatch.log").toFile());
            // One node: rank 0 listens on loopback (the recipe keeps a MASTER_ADDR already set).
            sbatch.environment().putAll(Map.of("SLURM_CONF", slurm.conf().toString(), "DISTILL", OneNodeSlurm.distill(),
                    "DEVICE", "cpu", "MASTER_ADDR", "127.0.0.1"));
            Process job = sbatch.start();
            assertThat(job.waitFor(15, TimeUnit.MINUTES)).as("the job finished in time").isTrue();
            String logs = OneNodeSlurm.read(tmp.resolve("sbatch.log")) + "\n" + OneNodeSlurm.read(tmp.resolve("job.out"));
            assertThat(job.exitValue()).as("sbatch --wait; %s", logs).isZero();
            assertThat(logs).contains("rank 1 of 2: joining the job at 127.0.0.1", "rank 1: done");

            Path byHand = tmp.resolve("by-hand");
            int port = FreePorts.get();
            Process rank0 = MultiNodeStudyTest.start(tmp, 0, port, List.of("--out", byHand.toString()), "hand0");
            Process rank1 = MultiNodeStudyTest.start(tmp, 1, port, List.of(), "hand1");
            for (Process p : List.of(rank0, rank1)) {
                assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
                assertThat(p.exitValue()).as(OneNodeSlurm.read(tmp.resolve("hand0.log"))).isZero();
            }
            for (String model : List.of("teacher", "student-a1", "student-a0", "student-a0.5")) {
                Path file = Path.of("models", model + ".params");
                assertThat(Files.readAllBytes(viaSlurm.resolve(file)))
                        .as("weights of %s", model).isEqualTo(Files.readAllBytes(byHand.resolve(file)));
            }
            assertThat(ResumeAfterKillTest.withoutSeconds(viaSlurm)).isEqualTo(ResumeAfterKillTest.withoutSeconds(byHand));
        }
    }
}
