package io.distill4j.cli;

import io.distill4j.distill.Methods;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code distill methods}: the registered distillation methods with their hyper-parameters. */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = "List the distillation methods for --methods, with hyper-parameters and defaults.")
public final class MethodsCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Methods.Method m : Methods.all()) {
            out.printf("%-8s %s%n", m.name(), m.summary());
            out.printf("%-8s paper: %s%n", "", m.paper());
            if (!m.defaults().isEmpty()) {
                out.printf("%-8s parameters: %s%n", "", m.defaults().entrySet().stream()
                        .map(e -> m.name() + "." + e.getKey() + "=" + String.format(Locale.ROOT, "%s", e.getValue()))
                        .collect(Collectors.joining(", ")));
            }
            if (m.composable()) {
                out.printf("%-8s also as %s%s (added to α·CE + (1−α)·KD instead of CE)%n", "", m.name(), Methods.WITH_KD);
            }
        }
        out.println();
        out.println("Temperatures (kd, dkd, dist) follow --temperature, their +ls forms ls.temperature. Override a parameter"
                + " with --method-param NAME=VALUE.");
        out.flush();
        return 0;
    }
}
