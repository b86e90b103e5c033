package io.distill4j.export;

import io.distill4j.model.ModelManifest;
import io.distill4j.model.SavedModel;
import java.util.List;
import java.util.Objects;

/**
 * What every export format is written from: the weights' manifest (architecture, input side,
 * normalization, class names) and the network's layers with their weights, in forward order.
 *
 * @param manifest what the weights are
 * @param layers the layers, in forward order
 */
public record ExportedModel(ModelManifest manifest, List<Layer> layers) {
    /** Copies the list. */
    public ExportedModel {
        Objects.requireNonNull(manifest, "manifest");
        layers = List.copyOf(layers);
    }

    /**
     * @param model weights loaded with their manifest
     * @return the model's layers and manifest
     * @throws IllegalArgumentException if the model has no manifest
     * @throws io.distill4j.BadInputException if a layer's type is one the exporters do not know
     */
    public static ExportedModel of(SavedModel model) {
        if (!model.hasManifest()) {
            throw new IllegalArgumentException("an export needs the weights' manifest");
        }
        return new ExportedModel(model.manifest(), LayerWalk.walk(model.network().layers(),
                model.network().spec() instanceof io.distill4j.model.ConvNetSpec, model.network().layerSide(),
                model.manifest().inputSide()));
    }

    /** @return the number of classes the model answers */
    public int classes() {
        return manifest.classNames().size();
    }
}
