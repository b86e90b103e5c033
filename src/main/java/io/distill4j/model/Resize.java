package io.distill4j.model;

import static org.bytedeco.pytorch.global.torch.eye;
import static org.bytedeco.pytorch.global.torch.interpolate;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InterpolateFuncOptions;
import org.bytedeco.pytorch.InterpolateMode;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.LongVectorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.kBilinear;
import org.bytedeco.pytorch.global.torch.MemoryFormat;

/**
 * A network's input as its layers want it: at the model's side (bilinear resizing, as the
 * notebook's 227×227 models need) and in channels-last memory. Keeps one interpolation matrix per
 * source size for the network's life.
 */
final class Resize {
    private final int side;
    private final ComputeDevice device;
    private final Map<Long, Tensor> interpolation = new HashMap<>();

    /**
     * @param side the model's input height and width
     * @param device where the network's weights (and so its inputs) are
     */
    Resize(int side, ComputeDevice device) {
        this.side = side;
        this.device = device;
    }

    /**
     * @param images a batch {@code (N, 3, h, w)}
     * @return the batch at {@code (N, 3, side, side)}, channels-last
     */
    Tensor input(Tensor images) {
        long h = images.size(2);
        long w = images.size(3);
        if (h == side && w == side) {
            return channelsLast(images);
        }
        return resizedChannelsLast(images, interpolationMatrix(h), interpolationMatrix(w));
    }

    /**
     * The same images in channels-last memory (NHWC strides under the NCHW shape): libtorch's
     * oneDNN convolutions, batch norm and pooling then skip their layout conversions, and every
     * later activation stays channels-last. Measured on 2 cores with libtorch 2.7: training 1.4×
     * (alexnet) to 1.7× (student-cnn) and inference 2.5–2.8× the rate on NCHW input; the values are
     * those of NCHW.
     */
    static Tensor channelsLast(Tensor images) {
        return images.contiguous(MemoryFormat.ChannelsLast);
    }

    /**
     * Bilinear resizing as two matrix products, {@code Y = R_h · X · R_wᵀ} per image and channel,
     * written straight into channels-last memory. The same values as libtorch's bilinear {@code
     * interpolate} (tested), at a fraction of its cost: measured on 2 cores with libtorch 2.7, the
     * resize to 227×227 and the channels-last copy took a third of a {@code student-227} step.
     *
     * @param images {@code (N, C, h, w)}
     * @param rows {@code (height, h)}, from {@link #interpolationMatrix(long, long)}
     * @param cols {@code (width, w)}
     */
    static Tensor resizedChannelsLast(Tensor images, Tensor rows, Tensor cols) {
        long n = images.size(0);
        long c = images.size(1);
        long h = images.size(2);
        long height = rows.size(0);
        long width = cols.size(0);
        // Along the width: one product (N·C·h, w) × (w, width), still channels-first.
        Tensor wide = images.reshape(n * c * h, images.size(3)).matmul(cols.t());
        // The small intermediate goes channels-last: (N, h, width·C).
        Tensor hwc = wide.reshape(n, c, h, width).permute(0, 2, 3, 1).reshape(n, h, width * c);
        // Along the height: (height, h) × (N, h, width·C) = (N, height, width·C), i.e. NHWC.
        return rows.matmul(hwc).reshape(n, height, width, c).permute(0, 3, 1, 2);
    }

    private Tensor interpolationMatrix(long from) {
        return interpolation.computeIfAbsent(from, f -> {
            return Tensors.keep(device.put(interpolationMatrix(f, side)));
        });
    }

    /**
     * The {@code (side, from)} matrix of libtorch's bilinear interpolation (align_corners false,
     * antialiased when shrinking, as DJL's engine and torchvision resize) from {@code from} pixels to
     * {@code side}, obtained by interpolating the identity, so that libtorch's own weights are used.
     */
    static Tensor interpolationMatrix(long from, long side) {
        try (PointerScope scope = new PointerScope()) {
            InterpolateFuncOptions o = new InterpolateFuncOptions();
            o.size().put(new LongVectorOptional(new LongVector(side, from)));
            o.mode().put(new InterpolateMode(new kBilinear()));
            o.align_corners().put(false);
            o.antialias().put(true);
            return Tensors.keep(interpolate(eye(from).reshape(1, 1, from, from), o).reshape(side, from).contiguous());
        }
    }

    /** Frees the interpolation matrices. */
    void close() {
        interpolation.values().forEach(Tensor::close);
        interpolation.clear();
    }

}
