package io.distill4j.cli;

import io.distill4j.sweep.SweepReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code distill sweep report SWEEP_DIR}: one report.html and results.md over the complete cells. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Merge the sweep's complete cells into one report.",
        description = "Merge the sweep's complete cells into SWEEP_DIR/report.html and SWEEP_DIR/results.md: the grid"
                + " with mean ± CI over seeds, paired comparisons with labels-only, and the cells missing or failed.")
final class SweepReportCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin SweepDirectory sweep;

    @Override
    public Integer call() {
        print(spec.commandLine().getOut(), SweepReport.write(sweep.path, sweep.plan()));
        return 0;
    }

    /** Prints where the report went and what it lacks. */
    static void print(PrintWriter out, SweepReport.Written w) {
        out.println("Report written to " + w.html() + " and " + w.markdown()
                + (w.missing().isEmpty() ? "" : "; " + w.missing().size() + " cells not in it:"));
        w.missing().forEach(m -> out.println("  " + m));
        out.flush();
    }
}
