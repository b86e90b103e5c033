package io.distill4j.cli;

import io.distill4j.report.HtmlReport;
import io.distill4j.sweep.PlanFile;
import io.distill4j.sweep.SweepLayout;
import io.distill4j.sweep.SweepReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code distill report RUN_DIR… [--out FILE]}: the self-contained HTML report of one or more runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Write report.html for one run, several runs or a sweep.",
        description = "Write report.html, one self-contained page (images inline) with accuracies, statistics over"
                + " seeds, loss curves, test-set evaluation and footprints. One run: RUN_DIR/report.html by default;"
                + " several runs: merged into --out FILE. A sweep directory: as distill sweep report.")
public final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Directories written by distill study.")
    List<Path> runDirs;

    @Option(names = "--out", paramLabel = "FILE", description = "HTML file to write (required for several runs).")
    Path out;

    @Override
    public Integer call() {
        if (runDirs.size() > 1 && out == null) {
            throw new ParameterException(spec.commandLine(),
                    runDirs.size() + " run directories are merged into one report: name the file with --out FILE");
        }
        if (runDirs.size() == 1 && out == null && Files.isRegularFile(SweepLayout.plan(runDirs.get(0)))) {
            SweepReportCommand.print(spec.commandLine().getOut(), SweepReport.write(runDirs.get(0), PlanFile.read(runDirs.get(0))));
            return 0;
        }
        Path written = runDirs.size() == 1 && out == null ? HtmlReport.write(runDirs.get(0)) : HtmlReport.merge(runDirs, out);
        spec.commandLine().getOut().println("Report written to " + written);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
