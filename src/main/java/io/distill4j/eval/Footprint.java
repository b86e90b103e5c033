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
 */
public record Footprint(
        long parameters, double sizeMb, long macsPerImage, double latencyMs, double throughputImgPerS,
        int throughputBatch, int latencyRepetitions, int throughputRepetitions) {
    /** Checks that every figure is positive. */
    public Footprint {
        if (parameters < 0 || sizeMb < 0 || macsPerImage < 0) {
            throw new IllegalArgumentException("negative parameter count, size or MACs");
        }
        if (!(latencyMs > 0) || !(throughputImgPerS > 0) || throughputBatch < 1 || latencyRepetitions < 1 || throughputRepetitions < 1) {
            throw new IllegalArgumentException("latency " + latencyMs + " ms and throughput " + throughputImgPerS
                    + " img/s must be positive, from at least one repetition of a batch of at least one");
        }
    }
}
