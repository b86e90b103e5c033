package io.distill4j.model;

import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A weights file loaded with its manifest ({@link ModelManifest#pathFor}), or without one for
 * weights written before manifests existed: those load as the 32×32, 10-class models they are.
 * Close it to free the network.
 *
 * @param network the model with its weights
 * @param manifest what the weights are, or {@code null} for weights without a manifest
 */
public record SavedModel(Network network, ModelManifest manifest) implements AutoCloseable {
    /**
     * @param weights a weights file
     * @param device where the weights go
     * @return the model, with its manifest if it has one
     * @throws BadInputException if the file is missing, not distill4j weights, truncated, or its
     *     manifest is invalid or describes another architecture
     */
    public static SavedModel load(Path weights, ComputeDevice device) {
        String architecture = WeightsFile.architecture(weights);
        ModelManifest manifest = manifestOf(weights);
        if (manifest != null && !manifest.architecture().equals(architecture)) {
            throw new BadInputException("weights " + weights + " hold model '" + architecture + "' but its manifest "
                    + ModelManifest.pathFor(weights) + " describes '" + manifest.architecture()
                    + "': restore the manifest written with the weights");
        }
        InputShape shape = manifest == null ? InputShape.CIFAR10 : manifest.inputShape();
        return new SavedModel(WeightsFile.load(architecture, weights, device, shape), manifest);
    }

    /**
     * @param weights a weights file
     * @return its manifest, or {@code null} if there is none beside it
     * @throws BadInputException if the manifest is invalid
     */
    public static ModelManifest manifestOf(Path weights) {
        Path file = ModelManifest.pathFor(weights);
        return Files.exists(file) ? ModelManifest.read(file) : null;
    }

    /**
     * @param weights a weights file
     * @return the image side and class count of its manifest, or CIFAR-10's without one
     */
    static InputShape shapeOf(Path weights) {
        ModelManifest manifest = manifestOf(weights);
        return manifest == null ? InputShape.CIFAR10 : manifest.inputShape();
    }

    /** @return whether the weights have a manifest */
    public boolean hasManifest() {
        return manifest != null;
    }

    @Override
    public void close() {
        network.close();
    }
}
