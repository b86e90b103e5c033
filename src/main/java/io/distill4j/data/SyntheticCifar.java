package io.distill4j.data;

import io.distill4j.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated, seeded, learnable dataset of square RGB images (by default 10 classes of 32×32, any
 * side and class count on request) for offline demos and tests; its classes are named {@code
 * class-0}, {@code class-1}, ….
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
    private final int side;
    private final int classes;

    /** @param seed seed of the prototypes and of every image drawn; 10 classes of 32×32 */
    public SyntheticCifar(long seed) {
        this(seed, ImageSet.SIDE, ImageSet.CLASSES);
    }

    /**
     * @param seed seed of the prototypes and of every image drawn
     * @param side image side, 1 to {@value ImageSet#MAX_SIDE}
     * @param classes number of classes, 2 to {@value ImageSet#MAX_CLASSES}
     */
    public SyntheticCifar(long seed, int side, int classes) {
        if (side < 1 || side > ImageSet.MAX_SIDE || classes < 2 || classes > ImageSet.MAX_CLASSES) {
            throw new BadInputException(
                    "synthetic data needs a side of 1–" + ImageSet.MAX_SIDE + " and 2–"
                            + ImageSet.MAX_CLASSES + " classes (got " + side + ", " + classes + ")");
        }
        this.seed = seed;
        this.side = side;
        this.classes = classes;
        Random rng = new Random(seed);
        prototypes = new float[classes][];
        for (int c = 0; c < classes; c++) {
            prototypes[c] = prototype(rng, c);
        }
    }

    private float[] prototype(Random rng, int cls) {
        float[] p = new float[ImageSet.CHANNELS * side * side];
        float[] tint = {60 * (rng.nextFloat() - 0.5f), 60 * (rng.nextFloat() - 0.5f), 60 * (rng.nextFloat() - 0.5f)};
        for (int ch = 0; ch < 3; ch++) {
            java.util.Arrays.fill(p, ch * side * side, (ch + 1) * side * side, tint[ch]);
        }
        for (int g = 0; g < 2; g++) {
            double angle = Math.PI * (cls + 0.5 * g + rng.nextDouble() * 0.3) / classes;
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
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class-" + c);
        }
        return new Dataset(
                "synthetic",
                draw(trainSize, new Random(seed * 31 + 1)),
                draw(testSize, new Random(seed * 31 + 2)),
                names,
                "synthetic:seed=" + seed + ":side=" + side + ":classes=" + classes + ":train="
                        + trainSize + ":test=" + testSize);
    }

    private ImageSet draw(int n, Random rng) {
        int imageBytes = ImageSet.CHANNELS * side * side;
        if ((long) n * imageBytes > Integer.MAX_VALUE - 8) {
            throw new BadInputException(
                    n + " synthetic images of " + side + "×" + side + " exceed 2 GiB: draw fewer");
        }
        byte[] px = new byte[n * imageBytes];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int cls = i % classes;
            labels[i] = cls;
            int other = (cls + 1 + rng.nextInt(classes - 1)) % classes;
            float mix = 0.35f * rng.nextFloat();
            float contrast = 0.6f + 0.8f * rng.nextFloat();
            float brightness = 128 + 15 * (float) rng.nextGaussian();
            int dx = rng.nextInt(9) - 4;
            int dy = rng.nextInt(9) - 4;
            float[] own = prototypes[cls];
            float[] alien = prototypes[other];
            int base = i * imageBytes;
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
        return ImageSet.of(new ArrayPixelStore(px, imageBytes), labels, side, classes);
    }
}
