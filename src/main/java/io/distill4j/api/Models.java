package io.distill4j.api;

import io.distill4j.export.ExportFormat;
import io.distill4j.export.Exporter;
import io.distill4j.model.ModelRegistry;
import io.distill4j.model.SavedModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Step 5, from files: distill4j weights loaded, or exported for use without distill4j: ONNX (for
 * ONNX Runtime), PyTorch (safetensors and the {@code nn.Module}) or a DJL model directory. A model in
 * memory saves and exports itself ({@link TrainedModel#save}, {@link TrainedModel#export}).
 */
public final class Models {
    private Models() {}

    /** @return the registered architectures, for {@link Teachers#train} and {@link DistillOptions#withStudent} */
    public static List<String> architectures() {
        return List.copyOf(ModelRegistry.names());
    }

    /** @return the export formats: {@code onnx}, {@code pytorch}, {@code djl} */
    public static List<String> exportFormats() {
        return Arrays.stream(ExportFormat.values()).map(ExportFormat::id).toList();
    }

    /**
     * @param weights a weights file; weights without a manifest (from earlier versions) load as the
     *     32×32, 10-class CIFAR-10 models they are
     * @param hardware where the weights go
     * @return the model; close it when done
     * @throws InvalidInputException if the file is missing, not distill4j weights, truncated, or its
     *     manifest is invalid
     */
    public static TrainedModel load(Path weights, Hardware hardware) {
        return TrainedModel.of(SavedModel.load(weights, hardware.device()), null);
    }

    /**
     * @param weights a weights file with its manifest
     * @param format {@code onnx}, {@code pytorch} or {@code djl}
     * @param out the export directory: absent or empty
     * @return what was written
     * @throws InvalidInputException for an unknown format (listing the valid ones), weights without a
     *     manifest, an {@code out} that holds files, or a layer the exporter does not know; nothing
     *     is written then
     * @throws java.io.UncheckedIOException if a file cannot be written; nothing is left behind then
     */
    public static ExportResult export(Path weights, String format, Path out) {
        ExportFormat f = ExportFormat.of(format);
        return ExportResult.of(f, Bridge.unchecked(() -> Exporter.export(weights, f, out)));
    }

    /**
     * @param weights a weights file with its manifest
     * @param format {@code onnx}, {@code pytorch} or {@code djl}
     * @return what was written into the default directory, {@code X-FORMAT/} beside {@code X.params}
     * @throws InvalidInputException as {@link #export(Path, String, Path)}
     * @throws java.io.UncheckedIOException if a file cannot be written; nothing is left behind then
     */
    public static ExportResult export(Path weights, String format) {
        return export(weights, format, Exporter.defaultDirectory(weights, ExportFormat.of(format)));
    }
}
