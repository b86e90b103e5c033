package io.distill4j.cli;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.SplitOptions;
import io.distill4j.data.TrainingSplits;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.eval.Evaluator;
import io.distill4j.launch.Launch;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.ModelRegistry;
import io.distill4j.model.Network;
import io.distill4j.model.SavedModel;
import io.distill4j.progress.Progress;
import io.distill4j.study.RunEvaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill evaluate}: accuracy of saved weights, or of every model of a run, on train / validation / test. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Accuracy of trained weights, or of every model a run saved, on its train, validation and test splits.",
        description = {"One weights file: on the train, validation and test splits (10 %% validation split, seed 1, as"
                + " in the study). The architecture, classes, input size and normalization come from the weights'"
                + " manifest (FILE.json beside FILE.params); weights without one (from earlier versions) are taken as"
                + " 32×32 CIFAR-10 models normalized with the training split's statistics.",
            "With --run RUN_DIR: every model the run saved, on the run's own splits and normalization (read from its"
                + " config.json), beside the test accuracy the run recorded."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin DataOptions data;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Registered model name the weights must hold. Default: the one they hold.")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights file (models/*.params).")
    Path weights;

    @Option(names = "--run", paramLabel = "RUN_DIR",
            description = "A study's run directory: evaluate all its models on its own data and splits. Only"
                    + " --data-dir may accompany it, where the run's data has moved.")
    Path run;

    @Option(names = "--write-manifest",
            description = "For weights without a manifest: write the one their defaults imply, with this dataset's name"
                    + " and training-split normalization, so that predict can use them.")
    boolean writeManifest;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads. Default: all cores.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if ((weights == null) == (run == null)) {
            throw new BadInputException("give either --weights FILE or --run RUN_DIR");
        }
        Launch.threads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        if (run != null) {
            return evaluateRun();
        }
        if (model != null) {
            ModelRegistry.get(model);
        }
        ModelManifest recorded = SavedModel.manifestOf(weights);
        if (writeManifest && recorded != null) {
            throw new BadInputException("weights " + weights + " already have a manifest " + ModelManifest.pathFor(weights)
                    + ": drop --write-manifest");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SavedModel saved = SavedModel.load(weights, ComputeDevice.cpu())) {
            Network net = saved.network();
            if (model != null && !model.equals(net.architecture())) {
                throw new BadInputException(weights + " holds weights of model '" + net.architecture() + "', not '"
                        + model + "': pass --model " + net.architecture() + " or the right file");
            }
            Dataset dataset = data.load(recorded != null ? recorded.inputSide() : null, Main.console(spec));
            if (recorded != null) {
                recorded.requireClasses("weights " + weights, dataset.name(), dataset.classNames());
            } else if (dataset.classCount() != ModelManifest.CIFAR10_CLASSES.size()) {
                throw new BadInputException("weights " + weights + " have no manifest, so they are taken as a 10-class"
                        + " CIFAR-10 model, but dataset '" + dataset.name() + "' has " + dataset.classCount()
                        + " classes: give the dataset they were trained on");
            } else {
                err.println("note: " + weights + " has no manifest; using the defaults of earlier versions: 32×32 images,"
                        + " CIFAR-10's classes, normalization of this dataset's training split");
                err.flush();
            }
            TrainingSplits splits = TrainingSplits.of(dataset, SplitOptions.DEFAULT);
            if (recorded != null) {
                splits = splits.withNormalization(recorded.normalization());
            }
            scoreSplits(net, splits, weights.getFileName().toString(), spec);
            if (writeManifest) {
                Path file = ModelManifest.pathFor(weights);
                ModelManifest.legacy(net.architecture(), splits.norm(), dataset.name()).write(file);
                out.println("wrote " + file);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * Prints a network's accuracy and loss on each split, with progress on the console.
     *
     * @param net the model
     * @param splits the dataset's splits, normalized as the model expects
     * @param what the model's name in the progress line
     * @param spec the command, for its output and console
     */
    static void scoreSplits(Network net, TrainingSplits splits, String what, picocli.CommandLine.Model.CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-10s %8s %10s %8s%n", "split", "images", "accuracy", "loss");
        long images = 0;
        for (TrainingSplits.Part part : TrainingSplits.Part.values()) {
            images += splits.images(part).size();
        }
        try (Progress.Task task = Main.progress(spec).start("scoring " + what, images, "images")) {
            for (TrainingSplits.Part part : TrainingSplits.Part.values()) {
                print(out, part == TrainingSplits.Part.VALIDATION ? "val" : part.name().toLowerCase(java.util.Locale.ROOT),
                        Evaluator.score(net, splits.batches(part, net.evaluationBatch()), task));
            }
        }
    }

    private Integer evaluateRun() throws IOException {
        String other = data.dataset != null ? "--dataset" : data.labels != null ? "--labels"
                : data.folderOnlyOptionGiven() != null ? data.folderOnlyOptionGiven()
                : model != null ? "--model" : writeManifest ? "--write-manifest" : null;
        if (other != null) {
            throw new BadInputException(other + " does not apply to --run, which reads the run's own settings: drop "
                    + other);
        }
        List<RunEvaluation.Row> rows = RunEvaluation.evaluate(run, data.dataDir, Main.console(spec));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-24s %-12s %9s %9s %9s %14s%n", "model", "architecture", "train", "val", "test", "recorded test");
        for (RunEvaluation.Row r : rows) {
            out.printf("%-24s %-12s %8.2f%% %8.2f%% %8.2f%% %14s%n", r.model(), r.architecture(),
                    100 * r.train().accuracy(), 100 * r.validation().accuracy(), 100 * r.test().accuracy(),
                    r.recordedTest() == null ? "-" : String.format("%.2f%%", 100 * r.recordedTest()));
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String split, Evaluator.Score s) {
        out.printf("%-10s %8d %9.2f%% %8.4f%n", split, s.images(), 100 * s.accuracy(), s.loss());
    }
}
