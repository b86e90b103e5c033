package io.distill4j.bench;

import java.util.List;

/**
 * Everything {@code distill bench} measured, in the layout {@code bench/torch_reference.py} also
 * writes, so that {@code bench/compare} can divide one by the other.
 *
 * @param engine who ran: {@code distill4j} (with libtorch's version)
 * @param threads libtorch intra-op threads
 * @param matmulGflops float32 matrix-multiply rate through libtorch, the machine's practical roof
 * @param pipeline data-pipeline images/s on its own: batch assembly, crop, flip and normalization
 * @param models the per-model figures
 * @param allocator how the process allocates ({@link io.distill4j.Allocator#describe()})
 * @param process page faults and CPU time of the whole measurement, or {@code null} off Linux
 */
public record BenchReport(String engine, int threads, Figure matmulGflops, Figure pipeline, List<ModelFigures> models,
        String allocator, ProcessCounters process) {
    /** Copies the list. */
    public BenchReport {
        models = List.copyOf(models);
    }

    /**
     * Figures of one model, rates in images per second.
     *
     * @param model registered model name
     * @param batch images per step
     * @param parameters trainable parameters
     * @param macsPerImage multiply-accumulates of one forward pass of one image
     * @param train bare training step loop over pre-loaded batches: forward, cross-entropy,
     *     backward, SGD with momentum
     * @param inference forward passes in inference mode
     * @param distillTeacher the teacher of the distillation step, or {@code null} for a teacher model
     * @param distill a distillation step: teacher inference plus a student training step on Hinton
     *     KD (α 0.5, T 4), or {@code null}
     * @param epoch the product's training loop over augmented batches built from bytes, listeners
     *     and loss bookkeeping included (validation scoring excluded)
     * @param trainGflops achieved training rate, counting a training step as 3 forward passes (2
     *     FLOPs per MAC)
     * @param rooflineShare {@code trainGflops} over the matrix-multiply rate
     */
    public record ModelFigures(
            String model, int batch, long parameters, long macsPerImage, Figure train, Figure inference,
            String distillTeacher, Figure distill, Figure epoch, Figure trainGflops, double rooflineShare) {
        /** @return the epoch's median over the bare loop's median */
        public double epochShareOfBareLoop() {
            return epoch.median() / train.median();
        }
    }
}
