package io.distill4j.sweep;

import io.distill4j.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which cells one worker runs: one cell ({@code --cell K}) or a shard ({@code --shard I/N}: cells
 * I, I+N, I+2N, …). Where the number is not given, it is the scheduler's own: a Slurm array task's
 * {@code SLURM_ARRAY_TASK_ID} (an array numbered from 0) or an Indexed Job pod's {@code
 * JOB_COMPLETION_INDEX}.
 */
public final class Shards {
    /** The variables read, in order, where no number is given. */
    public static final List<String> INDEX_VARIABLES = List.of("SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX");

    private Shards() {}

    /**
     * @param given {@code K}, or {@code null} or empty to read the scheduler's variable
     * @param env the environment
     * @return the cell's number (checked against the plan by {@link SweepPlan#cell})
     * @throws BadInputException for a number that is not one, or none given nor in the environment
     */
    public static int cell(String given, Map<String, String> env) {
        return given == null || given.isEmpty() ? index("--cell", env) : number("--cell", given);
    }

    /**
     * @param spec {@code I/N}, or {@code N} to read I from the scheduler's variable
     * @param cells the number of cells in the plan
     * @param env the environment
     * @return the cells of shard I of N, ascending (none where I ≥ the number of cells)
     * @throws BadInputException for a malformed spec, N < 1 or I outside 0…N−1
     */
    public static List<Integer> shard(String spec, int cells, Map<String, String> env) {
        int slash = spec.indexOf('/');
        int n = number("--shard", slash < 0 ? spec : spec.substring(slash + 1));
        int i = slash < 0 ? index("--shard " + spec, env) : number("--shard", spec.substring(0, slash));
        if (n < 1 || i >= n) {
            throw new BadInputException("--shard " + i + "/" + n + " is outside the shards: give I/N with 0 ≤ I < N,"
                    + " e.g. --shard 0/4 to --shard 3/4");
        }
        List<Integer> mine = new ArrayList<>();
        for (int k = i; k < cells; k += n) {
            mine.add(k);
        }
        return mine;
    }

    private static int index(String option, Map<String, String> env) {
        for (String name : INDEX_VARIABLES) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return number(name, value.trim());
            }
        }
        throw new BadInputException(option + " names no index and none is in the environment: give it, or run as a"
                + " Slurm array task (" + INDEX_VARIABLES.get(0) + ") or an Indexed Job pod (" + INDEX_VARIABLES.get(1) + ")");
    }

    private static int number(String what, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new BadInputException(what + " '" + text + "' is not a cell or shard number: give a whole number from 0,"
                + " e.g. --cell 3 or --shard 1/4");
    }
}
