package io.distill4j.data;

import io.distill4j.BadInputException;
import java.util.Random;

/**
 * A generated, seeded, learnable 10-class dataset of 32×32 RGB images for offline demos and tests.
 * Each class has a prototype made of a colour tint and two coloured sinusoidal gratings with
 * class-specific frequency and orientation; an image is its class prototype, randomly shifted (±4 px, cyclic),
 * contrast-scaled, blended with a little of another class's prototype and Gaussian pixel noise. A
 * CNN learns it within a few epochs.
 */
public final class SyntheticCifar {
    /** Default number of training images. */
    public static final int DEFAULT_TRAIN = 10_000;
    /** Default number of test images. */
    public static final int DEFAULT_TEST = 2_000;

    private final float[][] prototypes;
    private final long seed;

    /** @param seed seed of the prototypes and of every image drawn */
    public SyntheticCifar(long seed) {
        this.seed = seed;
        Random rng = new Random(seed);
        prototypes = new float[ImageSet.CLASSES][];
        for (int c = 0; c < ImageSet.CLASSES; c++) {
            prototypes[c] = prototype(rng, c);
        }
    }

    private static float[] prototype(Random rng, int cls) {
        int side = ImageSet.SIDE;
        float[] p = new float[ImageSet.IMAGE_BYTES];
        float[] tint = {60 * (rng.nextFloat() - 0.5f), 60 * (rng.nextFloat() - 0.5f), 60 * (rng.nextFloat() - 0.5f)};
        for (int ch = 0; ch < 3; ch++) {
            java.util.Arrays.fill(p, ch * side * side, (ch + 1) * side * side, tint[ch]);
        }
        for (int g = 0; g < 2; g++) {
            double angle = Math.PI * (cls + 0.5 * g + rng.nextDouble() * 0.3) / ImageSet.CLASSES;
            double freq = 2 * Math.PI * (1.5 + (cls % 5) * 0.6 + g * 1.3) / side;
            double phase = rng.nextDouble() * 2 * Math.PI;
            float[] colour = {rng.nextFloat(), rng.nextFloat(), rng.nextFloat()};
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double v = Math.sin(freq * (x * Math.cos(angle) + y * Math.sin(angle)) + phase);
                    for (int ch = 0; ch < 3; ch++) {
                        p[(ch * side + y) * side + x] += (float) (v * colour[ch] * 50);
                    }
                }
            }
        }
        return p;
    }

    /**
     * @param trainSize training images
     * @param testSize test images
     * @return the dataset, identical for identical seeds and sizes
     */
    public Dataset generate(int trainSize, int testSize) {
        if (trainSize <= 0 || testSize <= 0) {
            throw new BadInputException(
                    "synthetic dataset sizes must be positive (got " + trainSize + " train, "
                            + testSize + " test)");
        }
        return new Dataset(
                "synthetic",
                draw(trainSize, new Random(seed * 31 + 1)),
                draw(testSize, new Random(seed * 31 + 2)));
    }

    private ImageSet draw(int n, Random rng) {
        int side = ImageSet.SIDE;
        byte[] px = new byte[n * ImageSet.IMAGE_BYTES];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int cls = i % ImageSet.CLASSES;
            labels[i] = (byte) cls;
            int other = (cls + 1 + rng.nextInt(ImageSet.CLASSES - 1)) % ImageSet.CLASSES;
            float mix = 0.35f * rng.nextFloat();
            float contrast = 0.6f + 0.8f * rng.nextFloat();
            float brightness = 128 + 15 * (float) rng.nextGaussian();
            int dx = rng.nextInt(9) - 4;
            int dy = rng.nextInt(9) - 4;
            float[] own = prototypes[cls];
            float[] alien = prototypes[other];
            int base = i * ImageSet.IMAGE_BYTES;
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < side; y++) {
                    int sy = Math.floorMod(y + dy, side);
                    for (int x = 0; x < side; x++) {
                        int src = (ch * side + sy) * side + Math.floorMod(x + dx, side);
                        float v = brightness + contrast * ((1 - mix) * own[src] + mix * alien[src])
                                + 20 * (float) rng.nextGaussian();
                        px[base + (ch * side + y) * side + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
        }
        return new ImageSet(px, labels);
    }
}
