package io.distill4j.model.zoo;

import io.distill4j.model.Architecture;
import io.distill4j.model.NetLayer;
import io.distill4j.model.NetLayer.Residual.Merge;
import java.util.List;

/**
 * MobileNetV2 (Sandler et al., CVPR 2018) at half width, as RepDistiller's {@code mobile_half}
 * ({@code models/mobilenetv2.py}, expansion 6, width 0.5): a strided 3×3 stem, seven groups of
 * inverted residual blocks (1×1 expansion, 3×3 depthwise, 1×1 projection, each with BN, ReLU after
 * the first two; the input added where the shape stays), a 1×1 convolution to 1280 channels,
 * global average pooling and one linear layer. Features: {@code stem}, {@code stage1..4} (after
 * groups 1, 2, 4 and 6), {@code embedding}.
 */
final class MobileNetV2 {
    /** Expansion, output channels (before the width factor), blocks, first stride: RepDistiller's setting. */
    private static final int[][] SETTING = {
        {1, 16, 1, 1}, {6, 24, 2, 1}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    /** The groups after which a feature is named. */
    private static final List<Integer> FEATURES_AFTER = List.of(1, 2, 4, 6);
    private static final int LAST_CHANNELS = 1280;

    private MobileNetV2() {}

    static Architecture.Built build(int classes) {
        ZooBuilder b = new ZooBuilder(ZooBuilder.ConvInit.FAN_OUT_NORMAL);
        int in = 16;
        b.add(b.conv("conv1.0", 3, in, 3, 2, 1, 1), b.norm("conv1.1", in), new NetLayer.Relu()).feature("stem");
        for (int group = 0; group < SETTING.length; group++) {
            int[] s = SETTING[group];
            int out = s[1] / 2;
            for (int i = 0; i < s[2]; i++) {
                String path = "blocks." + group + "." + i + ".conv.";
                int stride = i == 0 ? s[3] : 1;
                int hidden = in * s[0];
                List<NetLayer> main = List.of(b.conv(path + 0, in, hidden, 1, 1, 0, 1), b.norm(path + 1, hidden),
                        new NetLayer.Relu(), b.conv(path + 3, hidden, hidden, 3, stride, 1, hidden), b.norm(path + 4, hidden),
                        new NetLayer.Relu(), b.conv(path + 6, hidden, out, 1, 1, 0, 1), b.norm(path + 7, out));
                if (stride == 1 && in == out) {
                    b.add(new NetLayer.Residual(List.of(), main, List.of(), Merge.ADD, List.of()));
                } else {
                    b.add(main);
                }
                in = out;
            }
            if (FEATURES_AFTER.contains(group)) {
                b.feature("stage" + (FEATURES_AFTER.indexOf(group) + 1));
            }
        }
        b.add(b.conv("conv2.0", in, LAST_CHANNELS, 1, 1, 0, 1), b.norm("conv2.1", LAST_CHANNELS), new NetLayer.Relu());
        return b.head(b.linear("classifier.0", LAST_CHANNELS, classes, 0.01));
    }
}
