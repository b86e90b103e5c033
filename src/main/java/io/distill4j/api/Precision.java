package io.distill4j.api;

/**
 * The arithmetic of a model's forward passes. Weights, losses, gradients and the optimizer stay
 * float32 either way.
 */
public enum Precision {
    /** float32 throughout. */
    FP32,
    /**
     * Forward passes in libtorch's bfloat16 autocast: about 2× faster on CPUs with AVX512-BF16 or
     * AMX and on GPUs of compute capability 8.0 or later, accuracies within a few tenths of a point.
     */
    BF16;

    /**
     * @param hardware where the forward passes run
     * @return {@link #BF16} where {@code hardware} computes bfloat16 natively, else {@link #FP32}
     *     (the command line's {@code --precision auto})
     */
    public static Precision best(Hardware hardware) {
        return io.distill4j.engine.Precision.nativeBf16(hardware.device()) ? BF16 : FP32;
    }

    io.distill4j.engine.Precision engine() {
        return io.distill4j.engine.Precision.valueOf(name());
    }
}
