package io.distill4j.cli;

import io.distill4j.sweep.PlanFile;
import io.distill4j.sweep.SweepPlan;
import io.distill4j.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill sweep plan --config sweep.yaml --out SWEEP_DIR}: expands the grid into numbered cells. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        header = "Expand a sweep file's grid into numbered cells (SWEEP_DIR/plan.json).",
        description = "Expand a sweep file's grid into numbered cells and write SWEEP_DIR/plan.json (each cell's full"
                + " settings and a content hash). Planning the same file into the same directory again changes nothing.")
final class SweepPlanCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Sweep file (YAML or JSON): 'settings:' shared by every cell (study option names as keys) and"
                    + " 'grid:' with a list of values per study option.")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "SWEEP_DIR", description = "The sweep directory (new).")
    Path out;

    @Override
    public Integer call() {
        SweepPlan plan = SweepPlan.expand(SweepSpec.read(config));
        boolean written = PlanFile.create(out, plan);
        PrintWriter o = spec.commandLine().getOut();
        o.println((written ? "planned " : "unchanged: " + out + " already holds ") + plan.cells().size() + " cells and "
                + plan.teachers().size() + " teacher" + (plan.teachers().size() == 1 ? "" : "s") + " (plan "
                + plan.hash().substring(0, 12) + ") in " + out);
        for (SweepPlan.Cell c : plan.cells()) {
            o.println("cell " + c.index() + ": " + c.label() + " (teacher " + c.teacher() + ")");
        }
        o.println("next: distill sweep teacher " + out + ", then distill sweep run " + out + " --shard I/N");
        o.flush();
        return 0;
    }
}
