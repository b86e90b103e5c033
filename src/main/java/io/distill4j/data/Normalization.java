package io.distill4j.data;

import io.distill4j.BadInputException;

/**
 * Per-channel mean and standard deviation in pixel units (0–255), computed on the training split
 * and applied unchanged to validation and test images.
 *
 * @param mean per-channel mean
 * @param std per-channel standard deviation, positive
 */
public record Normalization(float[] mean, float[] std) {
    /**
     * ImageNet's channel statistics (0.485, 0.456, 0.406 ± 0.229, 0.224, 0.225, scaled to 0–255):
     * what the original notebook normalized its test set with. Used only by
     * {@code --legacy-notebook-loss}.
     */
    public static final Normalization IMAGENET = new Normalization(
            new float[] {0.485f * 255, 0.456f * 255, 0.406f * 255}, new float[] {0.229f * 255, 0.224f * 255, 0.225f * 255});

    /** Checks channel counts and positive deviations. */
    public Normalization {
        if (mean.length != ImageSet.CHANNELS || std.length != ImageSet.CHANNELS) {
            throw new BadInputException("normalization needs 3 means and 3 deviations");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new BadInputException(
                        "a channel of the training images is constant (std " + s + "): check the data");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * @param images the training split, read image by image from its store (one pass, exact
     *     integer sums, so the result does not depend on where the pixels are stored)
     * @return its per-channel mean and (population) standard deviation
     */
    public static Normalization of(ImageSet images) {
        if (images.size() == 0) {
            throw new BadInputException("cannot compute normalization of an empty image set");
        }
        int plane = images.side() * images.side();
        long[] sum = new long[3];
        long[] sq = new long[3];
        byte[] px = new byte[images.imageBytes()];
        for (int i = 0; i < images.size(); i++) {
            images.readImage(i, px, 0);
            for (int c = 0; c < 3; c++) {
                int base = c * plane;
                long s = 0;
                long q = 0;
                for (int k = 0; k < plane; k++) {
                    int v = px[base + k] & 0xFF;
                    s += v;
                    q += (long) v * v;
                }
                sum[c] += s;
                sq[c] += q;
            }
        }
        double count = (double) images.size() * plane;
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            double m = sum[c] / count;
            mean[c] = (float) m;
            std[c] = (float) Math.sqrt(Math.max(0, sq[c] / count - m * m));
        }
        return new Normalization(mean, std);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
