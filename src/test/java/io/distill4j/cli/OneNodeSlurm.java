package io.distill4j.cli;

import io.distill4j.Components;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away one-node Slurm for the tests of the Slurm recipes: deploy/slurm/one-node.sh started in
 * a temporary folder and stopped on close. Where Slurm is missing or cannot start (e.g. not root), the
 * test skips, or fails where .ci/run installed Slurm ({@link Components#need}).
 */
final class OneNodeSlurm implements AutoCloseable {
    private final Path dir;

    private OneNodeSlurm(Path dir) {
        this.dir = dir;
    }

    /**
     * @param tmp the test's temporary folder
     * @return the started cluster
     */
    static OneNodeSlurm start(Path tmp) throws Exception {
        Components.need(Components.SLURM, List.of("sbatch", "slurmctld", "slurmd", "munged").stream()
                .allMatch(OneNodeSlurm::installed),
                "Slurm is not installed (apt-get install slurm-wlm munge, as .ci/run does): the Slurm recipe is not tested");
        Path dir = tmp.resolve("slurm");
        Path startLog = tmp.resolve("one-node.log");
        Process start = new ProcessBuilder("deploy/slurm/one-node.sh", "start", dir.toString()).redirectErrorStream(true)
                .redirectOutput(startLog.toFile()).start();
        boolean started = start.waitFor(3, TimeUnit.MINUTES) && start.exitValue() == 0;
        OneNodeSlurm slurm = new OneNodeSlurm(dir);
        if (!started) {
            slurm.close();
        }
        Components.need(Components.SLURM, started, () -> "a one-node Slurm could not start here, so the Slurm recipe is"
                + " not tested: " + read(startLog));
        return slurm;
    }

    /** @return the {@code SLURM_CONF} that sbatch, squeue and sinfo need */
    Path conf() {
        return dir.resolve("slurm.conf");
    }

    /** @return a command line that runs this checkout's distill in a task, for the recipes' {@code DISTILL} */
    static String distill() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx1g -Djava.awt.headless=true"
                + " -cp " + System.getProperty("java.class.path") + " " + Main.class.getName();
    }

    private static boolean installed(String tool) {
        return List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin").stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** @return a file's text, or a note that it is missing or unreadable */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no " + file.getFileName() + ")";
        } catch (java.io.IOException e) {
            return "(unreadable " + file + ")";
        }
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("deploy/slurm/one-node.sh", "stop", dir.toString()).inheritIO().start()
                .waitFor(1, TimeUnit.MINUTES);
    }
}
