package io.distill4j.cli;

import io.distill4j.sweep.PlanFile;
import io.distill4j.sweep.SweepPlan;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The {@code SWEEP_DIR} argument of the sweep commands after {@code plan}, mixed into each. */
final class SweepDirectory {
    @Parameters(paramLabel = "SWEEP_DIR", description = "A directory written by distill sweep plan.")
    Path path;

    /** @return its plan, every hash checked */
    SweepPlan plan() {
        return PlanFile.read(path);
    }
}
