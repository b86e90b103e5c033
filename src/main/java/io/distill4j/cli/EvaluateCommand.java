package io.distill4j.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.data.Split;
import io.distill4j.eval.Evaluator;
import io.distill4j.model.ModelRegistry;
import io.distill4j.model.Network;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill evaluate}: accuracy of saved weights on train / validation / test. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy of trained weights on the train, validation and test splits"
                + " (10 % validation split, seed 1, normalization of the training split, as in the study).")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin DataOptions data;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Registered model name.")
    String model;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Weights file (models/*.params).")
    Path weights;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads. Default: all cores.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        ModelRegistry.get(model);
        Engines.configureThreads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        Dataset dataset = data.load();
        Split split = Split.holdOut(dataset.train(), 0.1, 1);
        Normalization norm = Normalization.of(split.train());
        PrintWriter out = spec.commandLine().getOut();
        try (Network net = Network.load(model, weights, Device.cpu()); NDManager manager = NDManager.newBaseManager()) {
            out.printf("%-10s %8s %10s %8s%n", "split", "images", "accuracy", "loss");
            print(out, "train", Evaluator.score(net, new BatchSource(split.train(), norm, 500), manager));
            print(out, "val", Evaluator.score(net, new BatchSource(split.validation(), norm, 500), manager));
            print(out, "test", Evaluator.score(net, new BatchSource(dataset.test(), norm, 500), manager));
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String split, Evaluator.Score s) {
        out.printf("%-10s %8d %9.2f%% %8.4f%n", split, s.images(), 100 * s.accuracy(), s.loss());
    }
}
