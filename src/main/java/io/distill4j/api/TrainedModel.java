package io.distill4j.api;

import io.distill4j.data.Normalization;
import io.distill4j.data.TrainingSplits;
import io.distill4j.export.ExportFormat;
import io.distill4j.export.Exporter;
import io.distill4j.model.Classifier;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import io.distill4j.model.OwnModel;
import io.distill4j.model.SavedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.stream.IntStream;

/**
 * A model ready to predict, distill from or score: a teacher or student trained here, distill4j
 * weights loaded, or a TorchScript teacher. It holds native memory: close it when done. It knows
 * what its weights file's manifest needs (the normalization and class names of the data it was made
 * for), so {@link #save} and {@link #export} take only where to write.
 */
public final class TrainedModel implements AutoCloseable {
    private final Classifier model;
    private final TrainingSplits data;
    private final ModelManifest manifest;

    private TrainedModel(Classifier model, TrainingSplits data, ModelManifest manifest) {
        this.model = model;
        this.data = data;
        this.manifest = manifest;
    }

    static TrainedModel of(Classifier model, Splits data) {
        return new TrainedModel(model, data.engine(), null);
    }

    static TrainedModel of(SavedModel saved, Splits data) {
        return new TrainedModel(saved.network(), data == null ? null : data.engine(), saved.manifest());
    }

    /** @return its architecture, e.g. {@code alexnet}, or the name of a module of your own */
    public String name() {
        return model.architecture();
    }

    /** @return the side of the square images it takes */
    public int imageSide() {
        return model.inputShape().side();
    }

    /** @return its classes in label order: the data's it was made for, or its manifest's */
    public List<String> classNames() {
        return data != null ? data.dataset().classNames()
                : manifest != null ? manifest.classNames() : ModelManifest.CIFAR10_CLASSES;
    }

    /** @return its trainable parameters */
    public long parameters() {
        return model.trainableParameters();
    }

    /**
     * @return the shape of each named feature it computes, without the batch dimension, in forward
     *     order (e.g. {@code embedding → [64]}); empty for a model that gives logits only
     */
    public Map<String, List<Long>> features() {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        model.featureShapes().forEach((name, dims) -> shapes.put(name,
                java.util.Arrays.stream(dims.sizes()).boxed().toList()));
        return shapes;
    }

    /** @return where it runs */
    public Hardware hardware() {
        return Hardware.of(model.device());
    }

    /** @return the arithmetic of its forward passes */
    public Precision precision() {
        return Precision.valueOf(model.precision().name());
    }

    /**
     * @param precision the arithmetic of its forward passes from now on, e.g. a teacher computing in
     *     {@link Precision#BF16} while a student is distilled from it
     */
    public void computeIn(Precision precision) {
        model.computeIn(precision.engine());
    }

    /**
     * Saves the weights ({@code X.params}) and their manifest ({@code X.json} beside them:
     * architecture, input side, normalization, class names, data set), each file written atomically.
     *
     * @param weights the weights file to write, e.g. {@code models/student.params}
     * @return what was written
     * @throws InvalidInputException for a TorchScript teacher or a {@link StudentModule} of your own
     *     (whose forward pass is your Java code: save its module with the engine's {@code OutputArchive}),
     *     or loaded weights without a manifest
     * @throws java.io.UncheckedIOException if a file cannot be written
     */
    public SavedWeights save(Path weights) {
        Network net = network("saved as distill4j weights");
        ModelManifest m = manifest(net);
        Bridge.unchecked(() -> {
            net.save(weights, m);
            return null;
        });
        Normalization norm = m.normalization();
        return new SavedWeights(weights, ModelManifest.pathFor(weights), m.architecture(), m.inputSide(),
                m.classNames(), m.dataset(), doubles(norm.mean()), doubles(norm.std()));
    }

    /**
     * Exports it for use without distill4j, as {@link Models#export(Path, String, Path)} exports a
     * weights file; the model stays open.
     *
     * @param format {@code onnx}, {@code pytorch} or {@code djl}
     * @param out the export directory: absent or empty
     * @return what was written
     * @throws InvalidInputException as {@link #save}, for an unknown format (listing the valid ones), an
     *     {@code out} that holds files, or a layer the exporter does not know; nothing is written then
     * @throws java.io.UncheckedIOException if a file cannot be written; nothing is left behind then
     */
    public ExportResult export(String format, Path out) {
        ExportFormat f = ExportFormat.of(format);
        Network net = network("exported");
        ModelManifest m = manifest(net);
        return ExportResult.of(f, Bridge.unchecked(() -> Exporter.export(new SavedModel(net, m), f, out)));
    }

    /** Frees its native memory; it cannot be used afterwards. */
    @Override
    public void close() {
        model.close();
    }

    Classifier engine() {
        return model;
    }

    /** @return e.g. {@code student-cnn (419754 parameters, 32×32 images, 10 classes)} */
    @Override
    public String toString() {
        return name() + " (" + parameters() + " parameters, " + imageSide() + "×" + imageSide() + " images, "
                + model.inputShape().classes() + " classes)";
    }

    private Network network(String what) {
        if (!(model instanceof Network net)) {
            throw new InvalidInputException("model " + name() + " is a TorchScript module, which cannot be " + what
                    + ": use its .pt file as it is");
        }
        if (net.spec() instanceof OwnModel) {
            throw new InvalidInputException("model " + name() + " is a module of your own: its forward pass is your"
                    + " code, which a distill4j weights file cannot hold; save the module with the engine's own"
                    + " OutputArchive (module.save(archive); archive.save_to(file))");
        }
        return net;
    }

    private ModelManifest manifest(Network net) {
        if (data != null) {
            return ModelManifest.of(net, data.norm(), data.dataset().classNames(), data.dataset().name(),
                    data.dataset().fingerprint());
        }
        if (manifest == null) {
            throw new InvalidInputException("model " + name() + " was loaded from weights without a manifest, so its"
                    + " normalization and classes are unknown: write it with 'distill evaluate --weights FILE"
                    + " --write-manifest' on the data it was trained on, then load it again");
        }
        return manifest;
    }

    private static List<Double> doubles(float[] values) {
        return IntStream.range(0, values.length).mapToObj(i -> (double) values[i]).toList();
    }
}
