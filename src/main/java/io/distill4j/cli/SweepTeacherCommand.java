package io.distill4j.cli;

import io.distill4j.launch.Launch;
import io.distill4j.model.DeviceChoice;
import io.distill4j.sweep.SweepPlan;
import io.distill4j.sweep.SweepRunner;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill sweep teacher SWEEP_DIR}: trains each of the sweep's teachers once (or checks the given one). */
@Command(name = "teacher", mixinStandardHelpOptions = true,
        header = "Train the sweep's teachers once, before its cells.",
        description = "Train the sweep's teachers, one per dataset, into SWEEP_DIR/teachers/T/ (skipped when trained,"
                + " resumed when interrupted), so that no cell trains one. A teacher the sweep file gives is used as it is.")
final class SweepTeacherCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin SweepDirectory sweep;

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", description = "Where to train. Default: ${DEFAULT-VALUE}.")
    String device = "auto";

    @Override
    public Integer call() {
        SweepPlan plan = sweep.plan();
        Launch.threads(plan.teachers().get(0).config().threads());
        new SweepRunner(sweep.path, plan, DeviceChoice.parse(device).resolveAll(1), Main.trainingConsole(spec),
                spec.commandLine().getOut(), Main.console(spec)).trainTeachers();
        return 0;
    }
}
