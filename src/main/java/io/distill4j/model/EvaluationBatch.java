package io.distill4j.model;

import io.distill4j.Allocator;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Torch;

/**
 * How many images one inference batch holds, so that memory follows the image size: every
 * intermediate tensor of a forward pass lives until the batch's pointer scope closes, so a batch is
 * sized by what the layers produce, not by its input, and no single output passes the allocator's
 * mmap threshold.
 */
public final class EvaluationBatch {
    /** Most images in one evaluation batch: larger batches are no faster. */
    public static final int MAX_BATCH = 500;
    /** Most bytes of float32 activations one evaluation batch may hold: 512 MiB. */
    public static final long MAX_BATCH_BYTES = 512L << 20;
    /**
     * Most bytes of any one layer's float32 output in an evaluation batch: 60 MiB, 4 MiB under the
     * allocator's mmap threshold ({@link Allocator#MMAP_THRESHOLD_BYTES}), so that each batch reuses
     * the memory the one before freed instead of page-faulting fresh pages in. The default study's
     * teacher (alexnet at 32×32) evaluates 320 images a batch instead of 376.
     */
    public static final long MAX_LAYER_BYTES = Allocator.MMAP_THRESHOLD_BYTES - (4L << 20);
    /**
     * Activations assumed per input value of a model whose layers are not known (a TorchScript
     * module): 64, which bounds a ResNet-18's kept activations at 224×224 (about 2.5 million
     * floats per image against 150,528 input values) and gives 13 images at 224×224.
     */
    public static final int UNKNOWN_LAYERS_FACTOR = 64;

    private EvaluationBatch() {}

    /**
     * The evaluation batch of a topology: as many images as fit {@link #MAX_BATCH_BYTES} of the
     * activations a forward pass keeps (input, then per convolution its output, batch-norm and ReLU
     * outputs, and the pooled map) and {@link #MAX_LAYER_BYTES} of its largest output, at most
     * {@link #MAX_BATCH}, at least 1: 480 images for {@code student-cnn} at 32×32, 9 at 224×224, 54 for
     * {@code alexnet-227}.
     *
     * @param spec the model's layers, at the side they see
     * @return images per evaluation batch
     */
    public static int of(ConvNetSpec spec) {
        long floats = 3L * spec.inputSide() * spec.inputSide();
        long largest = floats;
        int side = spec.inputSide();
        int channels = 3;
        for (ConvNetSpec.Conv c : spec.convs()) {
            side = (side + 2 * c.padding() - c.kernel()) / c.stride() + 1;
            channels = c.filters();
            floats += 3L * channels * side * side;
            largest = Math.max(largest, (long) channels * side * side);
            if (c.poolKernel() > 0) {
                side = (side - c.poolKernel()) / c.poolStride() + 1;
                floats += (long) channels * side * side;
            }
        }
        return ofActivations(floats, largest);
    }

    /**
     * The evaluation batch of an architecture measured on a throwaway CPU network: as many images as
     * fit {@link #MAX_BATCH_BYTES} of its input and every layer's output, and {@link #MAX_LAYER_BYTES}
     * of the largest of them. Building it draws no number
     * from libtorch's seeded sequence ({@link Torch#keepingRandomState}).
     *
     * @param name the model's name, for messages
     * @param spec its topology
     * @return images per evaluation batch
     */
    public static int measured(String name, Architecture spec) {
        return Torch.keepingRandomState(() -> {
            try (Network net = new Network(name, spec, new InputShape(spec.inputSide(), spec.classes()),
                    ComputeDevice.cpu())) {
                NetworkCounts.Activations a = NetworkCounts.activationsPerImage(net);
                return ofActivations(a.total(), a.largest());
            }
        });
    }

    /**
     * @param side the side of the images the model's first layer takes
     * @return the batch of a model whose layers are not known ({@link #UNKNOWN_LAYERS_FACTOR})
     */
    public static int ofUnknownLayers(int side) {
        return ofActivations((long) UNKNOWN_LAYERS_FACTOR * 3 * side * side);
    }

    /**
     * @param floatsPerImage float32 activations one image's forward pass keeps
     * @return images per evaluation batch: as many as fit {@link #MAX_BATCH_BYTES}, 1 to {@link #MAX_BATCH}
     */
    public static int ofActivations(long floatsPerImage) {
        return (int) Math.max(1, Math.min(MAX_BATCH, MAX_BATCH_BYTES / (floatsPerImage * Float.BYTES)));
    }

    /**
     * @param floatsPerImage float32 activations one image's forward pass keeps
     * @param largestPerImage float32 values of its largest single output
     * @return {@link #ofActivations(long)}, fewer where the largest output would pass {@link #MAX_LAYER_BYTES}
     */
    public static int ofActivations(long floatsPerImage, long largestPerImage) {
        return (int) Math.max(1, Math.min(ofActivations(floatsPerImage), MAX_LAYER_BYTES / (largestPerImage * Float.BYTES)));
    }
}
