package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/slurm/sweep.sbatch against a real Slurm: a one-node cluster (munged, slurmctld, slurmd)
 * started by deploy/slurm/one-node.sh in a temporary folder, the 12-cell sweep submitted as an
 * array of 4 tasks with {@code sbatch --wait}, its accuracies and weights compared cell by cell
 * with the same cells run one after the other in this process. Skipped, saying why, where Slurm
 * is not installed (.ci/run installs Debian's slurm-wlm) or cannot start (e.g. not root).
 */
class SlurmSweepTest {
    @TempDir Path tmp;

    @Test
    void aSlurmArrayOfFourTasksGivesTheResultsOfOneProcess() throws Exception {
        try (OneNodeSlurm slurm = OneNodeSlurm.start(tmp)) {
            Path sweep = SweepRunTest.plan(tmp, "sweep", SweepPlanCommandTest.TWELVE);
            SweepRunTest.ok("sweep", "teacher", sweep.toString());
            Path oneProcess = tmp.resolve("one-process");
            SweepRunTest.copy(sweep, oneProcess);

            String distill = OneNodeSlurm.distill();
            ProcessBuilder sbatch = new ProcessBuilder("sbatch", "--wait", "--array=0-3", "--cpus-per-task=1",
                    "--output=" + tmp.resolve("task-%a.out"), "deploy/slurm/sweep.sbatch", sweep.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("sbatch.log").toFile());
            sbatch.environment().putAll(Map.of("SLURM_CONF", slurm.conf().toString(), "DISTILL", distill,
                    "DEVICE", "cpu"));
            Process array = sbatch.start();
            assertThat(array.waitFor(15, TimeUnit.MINUTES)).as("the array finished in time").isTrue();
            StringBuilder tasks = new StringBuilder(OneNodeSlurm.read(tmp.resolve("sbatch.log")));
            for (int i = 0; i < 4; i++) {
                tasks.append("\n--- task ").append(i).append(":\n").append(OneNodeSlurm.read(tmp.resolve("task-" + i + ".out")));
            }
            assertThat(array.exitValue()).as("sbatch --wait; %s", tasks).isZero();
            for (int i = 0; i < 4; i++) {
                assertThat(OneNodeSlurm.read(tmp.resolve("task-" + i + ".out"))).contains("3 cells: 3 run now");
            }

            SweepRunTest.ok("sweep", "run", oneProcess.toString());
            assertThat(SweepRunTest.accuracies(sweep, 12)).hasSize(24).isEqualTo(SweepRunTest.accuracies(oneProcess, 12));
            assertThat(SweepRunTest.weights(sweep, 12)).isEqualTo(SweepRunTest.weights(oneProcess, 12));
            SweepRunTest.ok("sweep", "report", sweep.toString());
            assertThat(Files.readString(sweep.resolve("results.md"))).contains("12 cells, 12 complete, 0 not in this report");
        }
    }
}
