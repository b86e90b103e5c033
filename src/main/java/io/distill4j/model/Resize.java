package io.distill4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * A network's input as its layers want it: at the model's side (bilinear resizing, as the
 * notebook's 227×227 models need) and in channels-last memory. Keeps one interpolation matrix per
 * source size, in the network's manager.
 */
final class Resize {
    /** DJL's code for bilinear interpolation ({@code Image.Interpolation.BILINEAR}). */
    private static final int BILINEAR = 1;

    private final NDManager manager;
    private final int side;
    private final Map<Long, NDArray> interpolation = new HashMap<>();

    /**
     * @param manager where the interpolation matrices live (the network's)
     * @param side the model's input height and width
     */
    Resize(NDManager manager, int side) {
        this.manager = manager;
        this.side = side;
    }

    /**
     * @param images a batch {@code (N, 3, h, w)}
     * @return the batch at {@code (N, 3, side, side)}, channels-last
     */
    NDArray input(NDArray images) {
        Shape s = images.getShape();
        if (s.get(2) == side && s.get(3) == side) {
            return channelsLast(images);
        }
        return resizedChannelsLast(images, interpolationMatrix(s.get(2)), interpolationMatrix(s.get(3)));
    }

    /**
     * The same images in channels-last memory (NHWC strides under the NCHW shape): libtorch's
     * oneDNN convolutions, batch norm and pooling then skip their layout conversions, and every
     * later activation stays channels-last. Measured on 2 cores: training 1.4× (alexnet) to 1.7×
     * (student-cnn) and inference 2.5–2.8× the rate on NCHW input; the values are those of NCHW.
     */
    static NDArray channelsLast(NDArray images) {
        Shape s = images.getShape();
        // A permuted view cannot be flattened in place, so reshape(-1) copies it in NHWC order.
        return images.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    /**
     * Bilinear resizing as two matrix products, {@code Y = R_h · X · R_wᵀ} per image and channel,
     * written straight into channels-last memory. The same values as libtorch's
     * {@code interpolate} (tested), at a fraction of its cost: measured on 2 cores, the resize to
     * 227×227 and the channels-last copy took a third of a {@code student-227} training step.
     *
     * @param images {@code (N, C, h, w)}
     * @param rows {@code (height, h)}, from {@link #interpolationMatrix(NDManager, long, long)}
     * @param cols {@code (width, w)}
     */
    static NDArray resizedChannelsLast(NDArray images, NDArray rows, NDArray cols) {
        Shape s = images.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long height = rows.getShape().get(0);
        long width = cols.getShape().get(0);
        // Results belong to the first operand's manager: the batch's, never the model's, or they would leak.
        NDManager batch = images.getManager();
        NDArray colsT = cols.transpose();
        colsT.attach(batch);
        // Along the width: one product (N·C·h, w) × (w, width), still channels-first.
        NDArray wide = images.reshape(n * c * h, s.get(3)).matMul(colsT);
        // The small intermediate goes channels-last: (N, h, width·C).
        NDArray hwc = wide.reshape(n, c, h, width).transpose(0, 2, 3, 1).reshape(-1).reshape(n, h, width * c);
        // Along the height: (height, h) × (N, h, width·C) = (N, height, width·C), i.e. NHWC.
        NDArray out = rows.matMul(hwc);
        out.attach(batch);
        return out.reshape(n, height, width, c).transpose(0, 3, 1, 2);
    }

    private NDArray interpolationMatrix(long from) {
        return interpolation.computeIfAbsent(from, f -> interpolationMatrix(manager, f, side));
    }

    /**
     * The {@code (side, from)} matrix of libtorch's bilinear interpolation (align_corners false)
     * from {@code from} pixels to {@code side}, obtained by interpolating the identity, so that
     * libtorch's own weights are used.
     */
    static NDArray interpolationMatrix(NDManager manager, long from, long side) {
        try (NDArray eye = manager.eye((int) from);
                NDArray image = eye.reshape(1, 1, from, from)) {
            return image.getNDArrayInternal().interpolation(new long[] {side, from}, BILINEAR, false).reshape(side, from);
        }
    }
}
