package io.distill4j.cli;

import io.distill4j.launch.Launch;
import io.distill4j.model.DeviceChoice;
import io.distill4j.sweep.Shards;
import io.distill4j.sweep.SweepPlan;
import io.distill4j.sweep.SweepRunner;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code distill sweep run SWEEP_DIR [--cell [K] | --shard [I/]N]}: runs cells into SWEEP_DIR/cells/K/. */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Run cells of a planned sweep (one, a shard, or all), resuming interrupted ones.",
        description = "Run cells of a planned sweep, each a study into SWEEP_DIR/cells/K/ with the sweep's teacher:"
                + " complete cells are skipped, interrupted ones resume from their checkpoints, a cell another worker"
                + " holds is left to it, a failing cell is recorded and the others go on. Without --cell or --shard:"
                + " every cell, one after the other. Exit 1 if a cell failed.")
final class SweepRunCommand implements Callable<Integer> {
    /** What {@code --cell} without a number stands for. */
    private static final String FROM_ENVIRONMENT = "from-environment";

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin SweepDirectory sweep;

    @Option(names = "--cell", arity = "0..1", fallbackValue = FROM_ENVIRONMENT, paramLabel = "K",
            description = "Run cell K; without K, the scheduler's index (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX).")
    String cell;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run cells I, I+N, I+2N, …; N alone takes I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX.")
    String shard;

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", description = "Where to train. Default: ${DEFAULT-VALUE}.")
    String device = "auto";

    @Override
    public Integer call() {
        if (cell != null && shard != null) {
            throw new ParameterException(spec.commandLine(), "give --cell or --shard, not both");
        }
        SweepPlan plan = sweep.plan();
        List<Integer> cells = cell != null
                ? List.of(plan.cell(Shards.cell(cell.equals(FROM_ENVIRONMENT) ? null : cell, System.getenv())).index())
                : shard != null ? Shards.shard(shard, plan.cells().size(), System.getenv())
                : IntStream.range(0, plan.cells().size()).boxed().toList();
        PrintWriter out = spec.commandLine().getOut();
        if (cells.isEmpty()) {
            out.println("shard " + shard + " holds no cell of the " + plan.cells().size() + ": nothing to run");
            out.flush();
            return 0;
        }
        Launch.threads(plan.cell(cells.get(0)).config().threads());
        SweepRunner.Summary s = new SweepRunner(sweep.path, plan, DeviceChoice.parse(device).resolveAll(1),
                Main.trainingConsole(spec), out, Main.console(spec)).run(cells);
        out.println(cells.size() + " cells: " + s.done() + " run now, " + s.skipped() + " already complete, " + s.busy()
                + " held by another worker, " + s.failed() + " failed");
        out.flush();
        if (s.failed() > 0) {
            spec.commandLine().getErr().println("error: " + s.failed() + " cell" + (s.failed() == 1 ? "" : "s")
                    + " failed; their errors are in their state.json and in distill sweep status " + sweep.path);
            spec.commandLine().getErr().flush();
            return Main.EXIT_FAILURE;
        }
        return 0;
    }
}
