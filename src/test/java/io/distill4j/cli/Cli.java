package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process through picocli's {@code execute()}, capturing what it prints. */
final class Cli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    void assertOneLineError(String... fragments) {
        assertThat(err.toString().lines()).as("stderr: %s", err).hasSize(1);
        assertThat(err.toString()).startsWith("error: ").contains(fragments);
    }
}
