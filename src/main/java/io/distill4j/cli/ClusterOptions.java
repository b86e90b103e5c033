package io.distill4j.cli;

import io.distill4j.cluster.ClusterSpec;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where one process of a multi-process training job stands (a picocli mixin of {@code distill study}). */
public final class ClusterOptions {
    /** These options' names: where to run, not what, so they may accompany {@code --resume}. */
    static final Set<String> NAMES = Set.of("--nodes", "--rank", "--master-addr", "--master-port", "--cluster-timeout");

    @Option(names = "--nodes", paramLabel = "N|auto",
            description = "Train each model on N processes (one per machine), data-parallel over PyTorch's c10d (Gloo);"
                    + " auto reads WORLD_SIZE/RANK (torchrun) or SLURM_NTASKS/SLURM_PROCID (srun). Default: one process.")
    String nodes;

    @Option(names = "--rank", paramLabel = "R",
            description = "This process's rank in 0..N-1; rank 0 writes the run directory, the others take its settings.")
    Integer rank;

    @Option(names = "--master-addr", paramLabel = "HOST",
            description = "Host of rank 0, reachable from every process (default: MASTER_ADDR).")
    String masterAddress;

    @Option(names = "--master-port", paramLabel = "PORT",
            description = "TCP port rank 0 listens on (default: MASTER_PORT, else 29500).")
    Integer masterPort;

    @Option(names = "--cluster-timeout", paramLabel = "SECONDS",
            description = "How long a process waits for the others before it fails. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds = ClusterSpec.DEFAULT_TIMEOUT_SECONDS;

    /** @return the spec from these options and the environment */
    ClusterSpec spec() {
        return ClusterSpec.resolve(nodes, rank, masterAddress, masterPort, timeoutSeconds, System.getenv());
    }
}
