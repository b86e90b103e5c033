package io.distill4j.cluster;

import io.distill4j.BadInputException;
import java.util.Map;

/**
 * Where one process stands in a job that trains one model on several processes (usually one per
 * machine): how many there are, which one this is, and where rank 0 listens.
 *
 * @param nodes processes in the job (the world size), at least 1
 * @param rank this process, in {@code [0, nodes)}; rank 0 writes the run directory
 * @param masterAddress host name or address of rank 0, reachable from every process
 * @param masterPort the TCP port rank 0 listens on for the rendezvous
 * @param timeoutSeconds how long a process waits for the others at the rendezvous or in a collective
 *     before it gives up with an error
 */
public record ClusterSpec(int nodes, int rank, String masterAddress, int masterPort, int timeoutSeconds) {
    /** PyTorch's default rendezvous port ({@code torchrun}'s {@code MASTER_PORT}). */
    public static final int DEFAULT_PORT = 29500;
    /** Default of {@code --cluster-timeout}: long enough for rank 0 to score a model while the others wait. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 1800;

    /** Checks the ranges; the messages name the option to fix. */
    public ClusterSpec {
        if (nodes < 1) {
            throw new BadInputException("--nodes must be at least 1, got " + nodes);
        }
        if (rank < 0 || rank >= nodes) {
            throw new BadInputException("--rank must be in 0.." + (nodes - 1) + " for --nodes " + nodes + ", got " + rank);
        }
        if (masterPort < 1 || masterPort > 65535) {
            throw new BadInputException("--master-port must be a TCP port in 1..65535, got " + masterPort);
        }
        if (timeoutSeconds < 1) {
            throw new BadInputException("--cluster-timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (nodes > 1 && (masterAddress == null || masterAddress.isBlank())) {
            throw new BadInputException("--nodes " + nodes + " needs the address of rank 0: give --master-addr HOST"
                    + " (or set MASTER_ADDR)");
        }
    }

    /** @return true where there is more than one process */
    public boolean distributed() {
        return nodes > 1;
    }

    /**
     * The spec from the command line, falling back on the launcher's environment where {@code nodes}
     * is {@code auto}: torchrun's {@code WORLD_SIZE} and {@code RANK}, else Slurm's {@code
     * SLURM_NTASKS} and {@code SLURM_PROCID}; {@code MASTER_ADDR} and {@code MASTER_PORT} wherever the
     * options do not give them. Without {@code --nodes} the environment is not read: a study inside
     * some other Slurm job trains in one process.
     *
     * @param nodes {@code --nodes}: a count, {@code auto}, or {@code null} for one process
     * @param rank {@code --rank}, or {@code null}
     * @param address {@code --master-addr}, or {@code null}
     * @param port {@code --master-port}, or {@code null}
     * @param timeoutSeconds {@code --cluster-timeout}
     * @param env the environment
     * @return the spec
     * @throws BadInputException naming the missing or malformed option or variable
     */
    public static ClusterSpec resolve(String nodes, Integer rank, String address, Integer port, int timeoutSeconds,
            Map<String, String> env) {
        if (nodes == null) {
            if (rank != null && rank != 0) {
                throw new BadInputException("--rank " + rank + " needs --nodes: give the number of processes of the job");
            }
            return new ClusterSpec(1, 0, address, port == null ? DEFAULT_PORT : port, timeoutSeconds);
        }
        int world;
        Integer me = rank;
        if ("auto".equals(nodes)) {
            String sizeVar = env.containsKey("WORLD_SIZE") ? "WORLD_SIZE" : "SLURM_NTASKS";
            String rankVar = env.containsKey("WORLD_SIZE") ? "RANK" : "SLURM_PROCID";
            world = number(sizeVar, env.get(sizeVar), "--nodes auto reads the number of processes from WORLD_SIZE"
                    + " (torchrun) or SLURM_NTASKS (srun): launch with one of them, or give --nodes N");
            if (me == null) {
                me = number(rankVar, env.get(rankVar), "--nodes auto reads this process's rank from " + rankVar
                        + ": set it, or give --rank R");
            }
        } else {
            world = number("--nodes", nodes, "give --nodes N (a whole number) or --nodes auto");
        }
        if (me == null) {
            if (world > 1) {
                throw new BadInputException("--nodes " + world + " needs --rank R (0 for the process that writes the run)");
            }
            me = 0;
        }
        String host = address != null ? address : env.get("MASTER_ADDR");
        int listen = port != null ? port
                : env.containsKey("MASTER_PORT") ? number("MASTER_PORT", env.get("MASTER_PORT"), "set it to a TCP port")
                : DEFAULT_PORT;
        return new ClusterSpec(world, me, host, listen, timeoutSeconds);
    }

    private static int number(String name, String value, String fix) {
        if (value == null || value.isBlank()) {
            throw new BadInputException(name + " is not set: " + fix);
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(name + " is '" + value + "', not a whole number: " + fix);
        }
    }
}
