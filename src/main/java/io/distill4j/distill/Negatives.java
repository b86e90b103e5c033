package io.distill4j.distill;

import io.distill4j.engine.Tensors;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;

/**
 * CRD's negative sampler (RepDistiller's "exact" mode): for each image of a batch, K training
 * images drawn uniformly, with replacement, from the images of the other classes; from all images
 * when the labels are unknown or every image has the same class.
 */
final class Negatives {
    private final int images;
    private final int count;
    /** Training images grouped by class, classes in increasing order; null without labels. */
    private final int[] byClass;
    /** Per image, where its class's group starts in {@link #byClass}, and its size. */
    private final int[] groupStart;
    private final int[] groupSize;

    /**
     * @param labels the class of each training image by its index, or {@code null}
     * @param images the number of training images
     * @param count K, negatives per image
     */
    Negatives(int[] labels, int images, int count) {
        if (images < 1 || (labels != null && labels.length != images)) {
            throw new IllegalArgumentException("CRD needs ≥ 1 training image and one label per image, got "
                    + images + " images and " + (labels == null ? "no" : labels.length) + " labels");
        }
        this.images = images;
        this.count = count;
        if (labels == null) {
            byClass = null;
            groupStart = null;
            groupSize = null;
            return;
        }
        int classes = 0;
        for (int l : labels) {
            classes = Math.max(classes, l + 1);
        }
        int[] sizes = new int[classes];
        for (int l : labels) {
            sizes[l]++;
        }
        int[] starts = new int[classes];
        for (int c = 1; c < classes; c++) {
            starts[c] = starts[c - 1] + sizes[c - 1];
        }
        byClass = new int[images];
        int[] next = starts.clone();
        groupStart = new int[images];
        groupSize = new int[images];
        for (int i = 0; i < images; i++) {
            byClass[next[labels[i]]++] = i;
            groupStart[i] = starts[labels[i]];
            groupSize[i] = sizes[labels[i]];
        }
    }

    /** @return K */
    int count() {
        return count;
    }

    /**
     * @param rows the batch's image indices
     * @param rng this step's generator
     * @return {@code (B, K + 1)} int64: each row the image itself, then its K negatives
     */
    Tensor draw(long[] rows, SplittableRandom rng) {
        long[] idx = new long[rows.length * (count + 1)];
        int at = 0;
        for (long row : rows) {
            int i = Math.toIntExact(row);
            idx[at++] = i;
            int others = byClass == null ? 0 : images - groupSize[i];
            for (int k = 0; k < count; k++) {
                if (others == 0) {
                    idx[at++] = rng.nextInt(images);
                } else {
                    int r = rng.nextInt(others);
                    idx[at++] = byClass[r < groupStart[i] ? r : r + groupSize[i]];
                }
            }
        }
        return Tensors.longs(idx, rows.length, count + 1);
    }
}
