package io.distill4j.cli;

import io.distill4j.export.ExportFormat;
import io.distill4j.export.Exporter;
import io.distill4j.model.ModelManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill export}: trained weights as ONNX, PyTorch or a DJL model directory. */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Write trained weights as an ONNX, PyTorch or DJL model into a new directory.",
        description = {"Write trained weights (with their manifest FILE.json) into a new directory:",
            "  onnx     model.onnx for ONNX Runtime, batch norm folded into convolutions;",
            "           class names, mean, std and input size in metadata_props",
            "  pytorch  model.safetensors (state_dict names) and model.py (the nn.Module)",
            "  djl      model.onnx + serving.properties + synset.txt for DJL's Criteria",
            "Input: images normalized as in training, (pixel - mean) / std per channel."})
public final class ExportCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Weights file (models/*.params) with its manifest.")
    Path weights;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "onnx, pytorch or djl.")
    String format;

    @Option(names = "--out", paramLabel = "DIR",
            description = "New or empty directory for the export. Default: FILE-FORMAT beside the weights (e.g. student-onnx/).")
    Path out;

    @Override
    public Integer call() throws Exception {
        ExportFormat f = ExportFormat.of(format);
        Exporter.Result r = Exporter.export(weights, f, out != null ? out : Exporter.defaultDirectory(weights, f));
        ModelManifest m = r.model().manifest();
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s (%s, %d×%d input, %d classes) exported as %s into %s:%n", weights, m.architecture(), m.inputSide(),
                m.inputSide(), m.classNames().size(), f.id(), r.directory());
        r.files().forEach(file -> o.println("  " + file.getFileName()));
        o.println(f.contents() + (f == ExportFormat.PYTORCH ? "" : "; " + r.foldedBatchNorms()
                + " batch norms folded into their convolutions"));
        o.flush();
        return 0;
    }
}
