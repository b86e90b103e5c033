package io.distill4j.model.zoo;

import io.distill4j.model.Architecture;
import io.distill4j.model.NetLayer;
import io.distill4j.model.NetLayer.Residual.Merge;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR ResNets of He et al. (CVPR 2016) as RepDistiller defines them ({@code models/resnet.py}):
 * a 3×3 stem, three stages of basic blocks (3×3 conv, BN, ReLU, 3×3 conv, BN, plus the input or a
 * strided 1×1 conv + BN of it, then ReLU), the second and third stage halving the side, global
 * average pooling and one linear layer. Depth 6n + 2 has n blocks a stage. Widths 16-16-32-64, or
 * 32-64-128-256 for the ×4 models. Features: {@code stem} (after its ReLU), {@code stage1..3}
 * (each stage's output) and {@code stage1..3.preact} (before its last ReLU), {@code embedding} (the
 * pooled vector).
 */
final class ResNets {
    /** The narrow models' widths: stem, stage 1, 2, 3. */
    static final int[] NARROW = {16, 16, 32, 64};
    /** The ×4 models' widths. */
    static final int[] WIDE = {32, 64, 128, 256};

    private ResNets() {}

    static Architecture.Built build(int depth, int[] widths, int classes) {
        int n = (depth - 2) / 6;
        ZooBuilder b = new ZooBuilder(ZooBuilder.ConvInit.FAN_OUT_NORMAL);
        b.add(b.conv("conv1", 3, widths[0], 3, 1, 1, 1), b.norm("bn1", widths[0]), new NetLayer.Relu()).feature("stem");
        int in = widths[0];
        for (int stage = 1; stage <= 3; stage++) {
            int planes = widths[stage];
            for (int i = 0; i < n; i++) {
                int stride = stage > 1 && i == 0 ? 2 : 1;
                b.add(block(b, "layer" + stage + "." + i + ".", in, planes, stride, i < n - 1));
                in = planes;
            }
            // the last block's ReLU stands alone, so that its input is the stage's pre-activation feature
            b.feature("stage" + stage + ZooBuilder.PREACT).add(new NetLayer.Relu()).feature("stage" + stage);
        }
        return b.head(b.linear("fc", in, classes, 0));
    }

    private static NetLayer block(ZooBuilder b, String path, int in, int planes, int stride, boolean relu) {
        List<NetLayer> main = List.of(b.conv(path + "conv1", in, planes, 3, stride, 1, 1), b.norm(path + "bn1", planes),
                new NetLayer.Relu(), b.conv(path + "conv2", planes, planes, 3, 1, 1, 1), b.norm(path + "bn2", planes));
        List<NetLayer> shortcut = new ArrayList<>();
        if (stride != 1 || in != planes) {
            shortcut.add(b.conv(path + "downsample.0", in, planes, 1, stride, 0, 1));
            shortcut.add(b.norm(path + "downsample.1", planes));
        }
        return new NetLayer.Residual(List.of(), main, shortcut, Merge.ADD,
                relu ? List.of(new NetLayer.Relu()) : List.of());
    }
}
