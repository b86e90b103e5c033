package io.distill4j.cli;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.ModelRegistry;
import io.distill4j.model.Network;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code distill models}: the registered models and their footprints. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the registered models with parameters, size and MACs per image: the plain models, then"
                + " the zoo of the field's CIFAR benchmark (RepDistiller's definitions), at 32×32 and 10 classes.")
public final class ModelsCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-14s %6s %14s %10s %14s  %s%n", "model", "input", "parameters", "size MB", "MACs/image", "features");
        for (String name : ModelRegistry.names()) {
            try (Network net = Network.create(name, 0, ComputeDevice.cpu())) {
                out.printf("%-14s %6s %,14d %10.2f %,14d  %s%n", name, net.layerSide() + "²", net.trainableParameters(),
                        net.sizeMb(), net.macsPerImage(), String.join(" ", net.featureShapes().keySet()));
            }
        }
        out.flush();
        return 0;
    }
}
