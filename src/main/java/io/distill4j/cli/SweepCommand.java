package io.distill4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code distill sweep plan|teacher|run|status|report}: a grid of studies split into cells that
 * cluster schedulers run as array tasks, and merged into one report.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        header = "Plan, train, run, watch and report a grid of studies (Slurm, Kubernetes or one machine).",
        description = "A grid of studies (methods × α × T × seeds × …) as numbered cells: plan it, train its teachers"
                + " once, run cells or shards anywhere (Slurm arrays, Kubernetes Indexed Jobs), see where it stands and"
                + " merge one report.",
        subcommands = {SweepPlanCommand.class, SweepTeacherCommand.class, SweepRunCommand.class,
            SweepStatusCommand.class, SweepReportCommand.class})
public final class SweepCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a sweep command: plan, teacher, run, status or report");
    }
}
