package io.distill4j.cli;

import io.distill4j.BadInputException;
import io.distill4j.progress.Progress;
import io.distill4j.report.ConsoleProgress;
import io.distill4j.train.TrainingListener;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
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
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for a failure while running. */
    public static final int EXIT_FAILURE = 1;

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
        return commandLine(new Main());
    }

    /**
     * @param command a picocli command of another entry point (the Spark job's)
     * @return a command line for it with distill4j's exit-code mapping and one-line error messages
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        return cl;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        String suggestion = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException) {
            java.util.List<String> similar = ((CommandLine.UnmatchedArgumentException) ex).getSuggestions();
            if (!similar.isEmpty()) {
                suggestion = "; did you mean " + String.join(" or ", similar.subList(0, Math.min(3, similar.size())))
                        + "?";
            }
        }
        java.util.List<String> command = commandPath(ex.getCommandLine());
        command.add(0, "distill");
        err.println("error: " + ex.getMessage() + suggestion + " (see '" + String.join(" ", command) + " --help')");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private static int handleExecutionException(
            Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Throwable bad = ex;
        while (bad != null && !(bad instanceof BadInputException)) {
            bad = bad.getCause();
        }
        if (bad != null) {
            err.println("error: " + bad.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
        if (System.getenv("DISTILL4J_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set DISTILL4J_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return EXIT_FAILURE;
    }

    private static java.util.List<String> commandPath(CommandLine cl) {
        java.util.LinkedList<String> names = new java.util.LinkedList<>();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            names.addFirst(c.getCommandName());
        }
        return names;
    }

    /** @param args command-line arguments */
    public static void main(String[] args) {
        prepareJvm();
        System.exit(commandLine().execute(args));
    }

    /**
     * What every JVM that runs distill4j sets before libtorch loads: headless charts (also called by
     * the Spark job's driver and executors).
     */
    public static void prepareJvm() {
        System.setProperty("java.awt.headless", "true");
    }
}
