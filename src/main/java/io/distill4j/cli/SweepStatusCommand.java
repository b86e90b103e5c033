package io.distill4j.cli;

import io.distill4j.sweep.SweepStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code distill sweep status SWEEP_DIR}: done / running / failed / pending counts and what is not done. */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Count the sweep's cells done, running, failed and pending.",
        description = "Count the sweep's cells done, running, failed and pending, and list the teachers and every cell"
                + " that is not done, failed ones with their error.")
final class SweepStatusCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin SweepDirectory sweep;

    @Override
    public Integer call() {
        SweepStatus status = SweepStatus.of(sweep.path, sweep.plan());
        PrintWriter out = spec.commandLine().getOut();
        out.println(sweep.path + ": " + status.summary());
        status.details().forEach(out::println);
        out.flush();
        return 0;
    }
}
