package io.distill4j.launch;

import io.distill4j.BadInputException;
import io.distill4j.engine.Torch;
import java.io.PrintWriter;
import java.util.LinkedList;
import java.util.List;
import picocli.CommandLine;

/**
 * What every command-line entry point of distill4j shares ({@code bin/distill}, the Spark job):
 * the exit codes (0 success, 2 bad usage or bad input, 1 failure while running), one-line error
 * messages, the JVM's preparation and libtorch's threads.
 */
public final class Launch {
    /** Exit code for bad usage or bad input. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for a failure while running. */
    public static final int EXIT_FAILURE = 1;

    private Launch() {}

    /**
     * @param command a picocli command
     * @return a command line for it with distill4j's exit-code mapping and one-line error messages
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler(Launch::handleExecutionException);
        cl.setParameterExceptionHandler(Launch::handleParameterException);
        return cl;
    }

    /**
     * What every JVM that runs distill4j sets before libtorch loads: headless charts (also called by
     * the Spark job's driver and executors).
     */
    public static void prepareJvm() {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * Starts libtorch (see {@link Torch#start}) and sets its intra-op threads. In a JVM where it
     * already runs (a library user's, a test's) the count is set again, so that a run never inherits
     * another run's thread count: results are bit-identical only at equal thread counts.
     *
     * @param threads intra-op threads
     */
    public static void threads(int threads) {
        Torch.threads(threads);
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        String suggestion = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> similar = unmatched.getSuggestions();
            if (!similar.isEmpty()) {
                suggestion = "; did you mean " + String.join(" or ", similar.subList(0, Math.min(3, similar.size()))) + "?";
            }
        }
        err.println("error: " + ex.getMessage() + suggestion + " (see '" + String.join(" ", commandPath(ex.getCommandLine()))
                + " --help')");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private static int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
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

    /** @return the root command's name and the subcommands down to {@code cl} */
    private static List<String> commandPath(CommandLine cl) {
        LinkedList<String> names = new LinkedList<>();
        for (CommandLine c = cl; c != null; c = c.getParent()) {
            names.addFirst(c.getCommandName());
        }
        return names;
    }
}
