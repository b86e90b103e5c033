package io.distill4j.api;

import io.distill4j.BadInputException;
import io.distill4j.data.TrainingSplits;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.export.ExportFormat;
import io.distill4j.export.Exporter;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import io.distill4j.model.SavedModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Step 5: a trained model saved with its manifest, loaded again, or exported for use without
 * distill4j: ONNX (for ONNX Runtime), PyTorch (safetensors and the {@code nn.Module}) or a DJL
 * model directory.
 */
public final class Models {
    private Models() {}

    /**
     * Saves the weights ({@code X.params}) and their manifest ({@code X.json} beside them:
     * architecture, input side, normalization, class names, dataset), each file written atomically.
     *
     * @param model a trained network
     * @param data the splits it was trained on: their normalization and the dataset's class names
     *     and fingerprint go into the manifest
     * @param weights the weights file to write, e.g. {@code models/student.params}
     * @return the manifest written
     * @throws IOException if a file cannot be written
     * @throws io.distill4j.BadInputException for a {@link StudentModule} of your own, whose forward pass
     *     is your Java code: save its module with the engine's {@code OutputArchive} instead
     */
    public static ModelManifest save(Network model, TrainingSplits data, Path weights) throws IOException {
        if (model.spec() instanceof io.distill4j.model.OwnModel) {
            throw new io.distill4j.BadInputException("model " + model.architecture() + " is a module of your own: its"
                    + " forward pass is your code, which a distill4j weights file cannot hold; save the module with the"
                    + " engine's own OutputArchive (module.save(archive); archive.save_to(file))");
        }
        ModelManifest manifest = ModelManifest.of(model, data.norm(), data.dataset().classNames(),
                data.dataset().name(), data.dataset().fingerprint());
        model.save(weights, manifest);
        return manifest;
    }

    /**
     * @param weights a weights file; weights without a manifest (from earlier versions) load as the
     *     32×32, 10-class models they are
     * @param device where the weights go
     * @return the network with its manifest ({@code null} without one); close it when done
     * @throws BadInputException if the file is missing, not distill4j weights, truncated, or its
     *     manifest is invalid
     */
    public static SavedModel load(Path weights, ComputeDevice device) {
        return SavedModel.load(weights, device);
    }

    /**
     * @param weights a weights file with its manifest
     * @param format {@code onnx}, {@code pytorch} or {@code djl}
     * @param out the export directory: absent or empty
     * @return what was written
     * @throws BadInputException for an unknown format (listing the valid ones), weights without a
     *     manifest, an {@code out} that holds files, or a layer the exporter does not know; nothing
     *     is written then
     * @throws IOException if a file cannot be written; nothing is left behind then
     */
    public static Exporter.Result export(Path weights, String format, Path out) throws IOException {
        return Exporter.export(weights, ExportFormat.of(format), out);
    }

    /**
     * @param weights a weights file with its manifest
     * @param format {@code onnx}, {@code pytorch} or {@code djl}
     * @return what was written into the default directory, {@code X-FORMAT/} beside {@code X.params}
     * @throws BadInputException as {@link #export(Path, String, Path)}
     * @throws IOException if a file cannot be written; nothing is left behind then
     */
    public static Exporter.Result export(Path weights, String format) throws IOException {
        ExportFormat f = ExportFormat.of(format);
        return Exporter.export(weights, f, Exporter.defaultDirectory(weights, f));
    }
}
