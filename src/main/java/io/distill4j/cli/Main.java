package io.distill4j.cli;

import io.distill4j.launch.Launch;
import io.distill4j.progress.Progress;
import io.distill4j.report.ConsoleProgress;
import io.distill4j.train.TrainingListener;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Entry point of {@code bin/distill}. Exit codes: 0 success, 2 bad usage or bad input, 1 failure
 * while running.
 */
@Command(
        name = "distill",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Knowledge distillation of image classifiers (libtorch through JavaCPP).",
        subcommands = {
            StudyCommand.class,
            ModelsCommand.class,
            MethodsCommand.class,
            DataCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            SweepCommand.class,
            TeacherOutputsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit code for bad usage or bad input. */
    public static final int EXIT_BAD_INPUT = Launch.EXIT_BAD_INPUT;
    /** Exit code for a failure while running. */
    public static final int EXIT_FAILURE = Launch.EXIT_FAILURE;

    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Print results only: no progress or notices on stderr (errors still are).")
    boolean quiet;

    /**
     * @param spec a command of this command line
     * @return where the command prints progress and notices: {@code System.err}, or nowhere with {@code --quiet}
     */
    static PrintStream console(CommandLine.Model.CommandSpec spec) {
        return spec.root().userObject() instanceof Main main && main.quiet ? NOWHERE : System.err;
    }

    /** @return progress of scoring, evaluation and other long tasks on {@link #console} */
    static Progress progress(CommandLine.Model.CommandSpec spec) {
        PrintStream console = console(spec);
        return console == NOWHERE ? Progress.SILENT : Progress.console(console);
    }

    /** @return the training loop's console listener, or none with {@code --quiet} */
    static List<TrainingListener> trainingConsole(CommandLine.Model.CommandSpec spec) {
        return console(spec) == NOWHERE ? List.of() : List.of(new ConsoleProgress());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'distill study'");
    }

    /**
     * @return a command line with distill4j's exit-code mapping and one-line error messages
     */
    public static CommandLine commandLine() {
        return Launch.commandLine(new Main());
    }

    /** @param args command-line arguments */
    public static void main(String[] args) {
        Launch.prepareJvm();
        System.exit(commandLine().execute(args));
    }
}
