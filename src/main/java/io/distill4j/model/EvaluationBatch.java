package io.distill4j.model;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Torch;

/**
 * How many images one inference batch holds, so that memory follows the image size: DJL keeps
 * every intermediate array of a forward pass until the batch's manager closes, so a batch is sized
 * by what the layers produce, not by its input.
 */
public final class EvaluationBatch {
    /** Most images in one evaluation batch: larger batches are no faster. */
    public static final int MAX_BATCH = 500;
    /** Most bytes of float32 activations one evaluation batch may hold: 512 MiB. */
    public static final long MAX_BATCH_BYTES = 512L << 20;
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
     * outputs, and the pooled map), at most {@link #MAX_BATCH}, at least 1: 500 images for
     * {@code student-cnn} at 32×32, 16 at 224×224, 60 for {@code alexnet-227}.
     *
     * @param spec the model's layers, at the side they see
     * @return images per evaluation batch
     */
    public static int of(ConvNetSpec spec) {
        long floats = 3L * spec.inputSide() * spec.inputSide();
        int side = spec.inputSide();
        int channels = 3;
        for (ConvNetSpec.Conv c : spec.convs()) {
            side = (side + 2 * c.padding() - c.kernel()) / c.stride() + 1;
            channels = c.filters();
            floats += 3L * channels * side * side;
            if (c.poolKernel() > 0) {
                side = (side - c.poolKernel()) / c.poolStride() + 1;
                floats += (long) channels * side * side;
            }
        }
        return ofActivations(floats);
    }

    /**
     * The evaluation batch of an architecture measured on a throwaway CPU network: as many images as
     * fit {@link #MAX_BATCH_BYTES} of its input and every layer's output. Building it draws no number
     * from libtorch's seeded sequence ({@link Torch#keepingRandomState}).
     *
     * @param name the model's name, for messages
     * @param spec its topology
     * @return images per evaluation batch
     */
    public static int measured(String name, Architecture spec) {
        return ofActivations(Torch.keepingRandomState(() -> {
            try (Network net = new Network(name, spec, new InputShape(spec.inputSide(), spec.classes()),
                    ComputeDevice.cpu())) {
                return NetworkCounts.activationsPerImage(net);
            }
        }));
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
}
