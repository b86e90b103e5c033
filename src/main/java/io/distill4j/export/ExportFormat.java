package io.distill4j.export;

import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The closed set of export formats; an unknown name is refused with the list of valid ones. */
public enum ExportFormat {
    /** An ONNX model that ONNX Runtime runs as it is. */
    ONNX("model.onnx: the network as an ONNX graph (opset " + OnnxGraph.OPSET + ", batch norm folded), manifest in metadata_props") {
        @Override
        List<Path> write(ExportedModel model, Path dir) throws IOException {
            Path file = dir.resolve(ONNX_FILE);
            AtomicFiles.write(file, out -> OnnxGraph.build(model).writeTo(out));
            return List.of(file);
        }
    },
    /** PyTorch: a safetensors {@code state_dict} and the Python module it loads into. */
    PYTORCH("model.safetensors + model.py: the state_dict and the nn.Module it loads into, for plain PyTorch") {
        @Override
        List<Path> write(ExportedModel model, Path dir) throws IOException {
            Path weights = dir.resolve(PYTHON_MODULE + ".safetensors");
            Path module = dir.resolve(PYTHON_MODULE + ".py");
            SafetensorsFile.write(weights, TorchModule.stateDict(model), ExportMetadata.of(model.manifest(), false));
            byte[] source = TorchModule.source(model, PYTHON_MODULE).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(module, out -> out.write(source));
            return List.of(weights, module);
        }
    },
    /** A model directory that DJL's {@code Criteria} loads for image classification. */
    DJL("model.onnx + serving.properties + synset.txt: a DJL model directory for image classification") {
        @Override
        List<Path> write(ExportedModel model, Path dir) throws IOException {
            return DjlModelDir.write(model, dir, ONNX.write(model, dir).get(0));
        }
    };

    /** The ONNX file's name ({@code model.onnx}, which DJL's ONNX Runtime engine also looks for). */
    public static final String ONNX_FILE = "model.onnx";
    /** The Python module's name: {@code model.py} beside {@code model.safetensors}. */
    public static final String PYTHON_MODULE = "model";

    private final String contents;

    ExportFormat(String contents) {
        this.contents = contents;
    }

    /** @return the name on the command line, e.g. {@code onnx} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return what the export directory holds, in words */
    public String contents() {
        return contents;
    }

    /**
     * @param id a format's name
     * @return the format
     * @throws BadInputException naming the valid formats if there is none of that name
     */
    public static ExportFormat of(String id) {
        for (ExportFormat f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new BadInputException("unknown export format '" + id + "': valid formats are "
                + String.join(", ", Arrays.stream(values()).map(ExportFormat::id).toList()));
    }

    /**
     * @param model the model
     * @param dir an empty directory
     * @return the files written, each atomically
     * @throws IOException if a file cannot be written
     */
    abstract List<Path> write(ExportedModel model, Path dir) throws IOException;
}
