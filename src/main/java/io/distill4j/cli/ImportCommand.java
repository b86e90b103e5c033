package io.distill4j.cli;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.SplitOptions;
import io.distill4j.data.TrainingSplits;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.launch.Launch;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.ModelRegistry;
import io.distill4j.model.Network;
import io.distill4j.model.TorchCheckpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill import}: a PyTorch checkpoint of a zoo model as distill4j weights with their manifest. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a PyTorch checkpoint of a registered model (RepDistiller's or mdistiller's published"
                + " teachers, converted by tools/import_checkpoint.py) as distill4j weights with their manifest, for the"
                + " dataset it was trained on, and score it on that dataset's splits.",
            "The weights then serve as --teacher FILE --teacher-model NAME. Every tensor must match by name and shape;"
                + " another architecture or class count is refused naming the tensor."})
public final class ImportCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin DataOptions data;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
            description = "The checkpoint, as tools/import_checkpoint.py writes it.")
    Path checkpoint;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "The registered model the checkpoint is of, e.g. resnet32x4 (see 'distill models').")
    String model;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The weights to write (FILE.params, its manifest FILE.json beside it); never overwritten.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads. Default: all cores.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        ModelRegistry.get(model);
        if (!Files.isRegularFile(checkpoint)) {
            throw new BadInputException("checkpoint " + checkpoint + " does not exist: give the file"
                    + " tools/import_checkpoint.py wrote");
        }
        if (Files.exists(out) || Files.exists(ModelManifest.pathFor(out))) {
            throw new BadInputException("--out " + out + " or its manifest exists; an import never overwrites: name a new file");
        }
        Launch.threads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        try (Dataset dataset = data.load(null, Main.console(spec));
                Network net = Network.create(model, 0, ComputeDevice.cpu(),
                        new InputShape(dataset.imageSide(), dataset.classCount()))) {
            TorchCheckpoint.load(net, checkpoint);
            TrainingSplits splits = TrainingSplits.of(dataset, SplitOptions.DEFAULT);
            EvaluateCommand.scoreSplits(net, splits, checkpoint.getFileName().toString(), spec);
            net.save(out, ModelManifest.of(net, splits.norm(), dataset.classNames(), dataset.name(), dataset.fingerprint()));
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + out + " and " + ModelManifest.pathFor(out));
        o.flush();
        return 0;
    }
}
