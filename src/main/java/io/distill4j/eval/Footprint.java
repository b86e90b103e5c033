package io.distill4j.eval;

/**
 * What a model costs to keep and to run on this machine's CPU.
 *
 * @param parameters trainable parameters
 * @param sizeMb size of the float32 weights in MB (10^6 bytes)
 * @param macsPerImage multiply-accumulates of one forward pass per image
 * @param latencyMs median wall time of one forward pass of a single image, in milliseconds
 * @param throughputImgPerS median images per second of forward passes of {@code throughputBatch} images
 * @param throughputBatch images per forward pass in the throughput measurement
 * @param latencyRepetitions timed single-image forward passes behind the latency median
 * @param throughputRepetitions timed batch forward passes behind the throughput median
 * @param latencyLowMs first quartile of the single-image passes' times (ms), or {@code null} where a
 *     run measured none (files of earlier versions)
 * @param latencyHighMs third quartile of those times (ms), or {@code null} likewise
 */
public record Footprint(
        long parameters, double sizeMb, long macsPerImage, double latencyMs, double throughputImgPerS,
        int throughputBatch, int latencyRepetitions, int throughputRepetitions, Double latencyLowMs, Double latencyHighMs) {
    /** Checks that every figure is positive. */
    public Footprint {
        if (parameters < 0 || sizeMb < 0 || macsPerImage < 0) {
            throw new IllegalArgumentException("negative parameter count, size or MACs");
        }
        if (!(latencyMs > 0) || !(throughputImgPerS > 0) || throughputBatch < 1 || latencyRepetitions < 1 || throughputRepetitions < 1) {
            throw new IllegalArgumentException("latency " + latencyMs + " ms and throughput " + throughputImgPerS
                    + " img/s must be positive, from at least one repetition of a batch of at least one");
        }
        if ((latencyLowMs == null) != (latencyHighMs == null)
                || (latencyLowMs != null && !(latencyLowMs <= latencyMs && latencyMs <= latencyHighMs))) {
            throw new IllegalArgumentException("latency quartiles " + latencyLowMs + " and " + latencyHighMs
                    + " ms must both be given and hold the median " + latencyMs + " ms");
        }
    }

    /**
     * Figures without the latency quartiles.
     *
     * @see #Footprint(long, double, long, double, double, int, int, int, Double, Double)
     */
    public Footprint(long parameters, double sizeMb, long macsPerImage, double latencyMs, double throughputImgPerS,
            int throughputBatch, int latencyRepetitions, int throughputRepetitions) {
        this(parameters, sizeMb, macsPerImage, latencyMs, throughputImgPerS, throughputBatch, latencyRepetitions,
                throughputRepetitions, null, null);
    }

    /**
     * @return whether the middle half of the single-image times spans more than the median itself:
     *     the latency was measured on a busy machine and says little
     */
    public boolean noisyLatency() {
        return latencyLowMs != null && latencyHighMs - latencyLowMs > latencyMs;
    }
}
