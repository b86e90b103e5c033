package io.distill4j.data;

import io.distill4j.BadInputException;
import java.util.Arrays;

/**
 * Labelled 32×32 RGB images held in memory as bytes, channel-major (CHW) per image, the layout of
 * the CIFAR-10 binary files. Instances are treated as immutable: nothing here writes to the arrays
 * after construction.
 *
 * @param pixels {@code size × 3072} bytes, image {@code i} at offset {@code i * 3072}
 * @param labels one class index ({@code 0 … classes − 1}) per image
 * @param classes number of classes the labels index, 1 to {@value #MAX_CLASSES}
 */
public record ImageSet(byte[] pixels, byte[] labels, int classes) {
    /** Number of colour channels. */
    public static final int CHANNELS = 3;
    /** Image height and width in pixels. */
    public static final int SIDE = 32;
    /** Bytes per image. */
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    /** Number of CIFAR-10 classes, the class count of sets made without one. */
    public static final int CLASSES = 10;
    /** Most classes a set can have: labels are stored as (signed) bytes. */
    public static final int MAX_CLASSES = Byte.MAX_VALUE + 1;
    /** CIFAR-10 class names, in label order. */
    public static final String[] CLASS_NAMES = {
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"
    };

    /** Checks sizes and labels. */
    public ImageSet {
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new BadInputException(
                    "an image set needs 1 to " + MAX_CLASSES + " classes, not " + classes);
        }
        if (pixels.length != (long) labels.length * IMAGE_BYTES) {
            throw new BadInputException(
                    "image data holds " + pixels.length + " bytes for " + labels.length
                            + " labels; expected " + IMAGE_BYTES + " bytes per image");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new BadInputException(
                        "label " + labels[i] + " of image " + i + " is outside 0–" + (classes - 1));
            }
        }
    }

    /** A set of {@value #CLASSES} classes, as CIFAR-10. */
    public ImageSet(byte[] pixels, byte[] labels) {
        this(pixels, labels, CLASSES);
    }

    /** @return the number of images */
    public int size() {
        return labels.length;
    }

    /** @return the label of image {@code i} */
    public int label(int i) {
        return labels[i];
    }

    /**
     * @param indices images to keep, in the order given
     * @return a new set holding copies of those images
     */
    public ImageSet subset(int[] indices) {
        byte[] px = new byte[indices.length * IMAGE_BYTES];
        byte[] lb = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * IMAGE_BYTES, px, k * IMAGE_BYTES, IMAGE_BYTES);
            lb[k] = labels[indices[k]];
        }
        return new ImageSet(px, lb, classes);
    }

    /** @return the first {@code n} images (all if fewer) */
    public ImageSet head(int n) {
        int m = Math.min(n, size());
        return new ImageSet(
                Arrays.copyOf(pixels, m * IMAGE_BYTES), Arrays.copyOf(labels, m), classes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSet other
                && classes == other.classes
                && Arrays.equals(pixels, other.pixels)
                && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return (31 * Arrays.hashCode(pixels) + Arrays.hashCode(labels)) * 31 + classes;
    }

    @Override
    public String toString() {
        return "ImageSet[" + size() + " images, " + classes + " classes]";
    }
}
