package io.distill4j.eval;

import io.distill4j.BadInputException;
import io.distill4j.engine.Tensors;
import io.distill4j.model.Classifier;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Measures a model's {@link Footprint}: its counts, plus inference latency at batch 1 and
 * throughput at a large batch on the CPU, each the median of timed forward passes after untimed
 * warm-up passes. Inputs are fixed pseudo-random images made in Java, so libtorch's random
 * generator is left untouched.
 */
public final class FootprintMeter {
    /**
     * How long to measure.
     *
     * @param warmup untimed forward passes before each measurement, at least 0
     * @param latencyRepetitions timed single-image passes, at least 1
     * @param throughputBatch images per pass for throughput, at least 1
     * @param throughputRepetitions timed batch passes, at least 1
     */
    public record Settings(int warmup, int latencyRepetitions, int throughputBatch, int throughputRepetitions) {
        /** The study's measurement: 5 warm-up passes, median of 50 at batch 1 and of 5 at batch 256. */
        public static final Settings DEFAULT = new Settings(5, 50, 256, 5);

        /** Checks the counts. */
        public Settings {
            if (warmup < 0 || latencyRepetitions < 1 || throughputBatch < 1 || throughputRepetitions < 1) {
                throw new BadInputException("footprint measurement needs warm-up ≥ 0 and at least one timed pass of"
                        + " at least one image, got " + warmup + ", " + latencyRepetitions + ", " + throughputBatch
                        + ", " + throughputRepetitions);
            }
        }
    }

    private FootprintMeter() {}

    /**
     * @param network the model, measured in inference mode
     * @param settings how many passes
     * @return counts, size, latency and throughput
     */
    public static Footprint measure(Classifier network, Settings settings) {
        double[] latency = seconds(network, 1, settings.warmup(), settings.latencyRepetitions());
        // The throughput batch is capped like an evaluation batch: 256 images at 224×224 would hold gigabytes.
        int batch = Math.min(settings.throughputBatch(), Evaluator.batchSize(network));
        double batchSeconds = quantile(seconds(network, batch, settings.warmup(), settings.throughputRepetitions()), 0.5);
        return new Footprint(network.trainableParameters(), network.sizeMb(), network.macsPerImage(),
                1000 * quantile(latency, 0.5), batch / batchSeconds, batch,
                settings.latencyRepetitions(), settings.throughputRepetitions(),
                1000 * quantile(latency, 0.25), 1000 * quantile(latency, 0.75));
    }

    /** @return the wall time of each timed pass, after the untimed ones */
    private static double[] seconds(Classifier network, int batch, int warmup, int repetitions) {
        int side = network.layerSide();
        float[] pixels = new float[Math.toIntExact((long) batch * 3 * side * side)];
        Random rng = new Random(batch);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rng.nextGaussian();
        }
        double[] seconds = new double[repetitions];
        try (PointerScope input = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor x = network.device().put(Tensors.floats(pixels, batch, 3, side, side));
            for (int r = -warmup; r < repetitions; r++) {
                // a scope per pass frees that pass's activations before the next
                try (PointerScope pass = new PointerScope()) {
                    long start = System.nanoTime();
                    network.forward(x, false);
                    long elapsed = System.nanoTime() - start;
                    if (r >= 0) {
                        seconds[r] = Math.max(elapsed, 1) / 1e9;
                    }
                }
            }
        }
        return seconds;
    }

    /**
     * @param values at least one value
     * @param q the quantile, in [0, 1]
     * @return the {@code q}-quantile, linearly interpolated between order statistics (R's type 7, NumPy's
     *     default): the median is the middle value, or the mean of the two middle values
     */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double at = q * (sorted.length - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
    }
}
