package io.distill4j.api;

import java.nio.file.Path;
import java.util.List;

/**
 * A weights file and what its manifest ({@code X.json} beside {@code X.params}) says about it: what a
 * program that uses the model without distill4j needs to feed it.
 *
 * @param weights the weights file
 * @param manifest the manifest beside it
 * @param architecture the registered architecture
 * @param imageSide the side of the square RGB images (CHW) it takes
 * @param classNames its classes, in label order
 * @param dataset the name of the data set it was trained on
 * @param mean per-channel mean subtracted from pixel values 0–255
 * @param std per-channel standard deviation they are then divided by
 */
public record SavedWeights(Path weights, Path manifest, String architecture, int imageSide, List<String> classNames,
        String dataset, List<Double> mean, List<Double> std) {
    /**
     * Copies the lists.
     *
     * @param weights the weights file
     * @param manifest the manifest beside it
     * @param architecture the registered architecture
     * @param imageSide the side of the square RGB images (CHW) it takes
     * @param classNames its classes, in label order
     * @param dataset the name of the data set it was trained on
     * @param mean per-channel mean subtracted from pixel values 0–255
     * @param std per-channel standard deviation they are then divided by
     */
    public SavedWeights {
        classNames = List.copyOf(classNames);
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }
}
