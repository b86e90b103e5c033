package io.distill4j.model.zoo;

import io.distill4j.model.Architecture;
import io.distill4j.model.NetLayer;
import io.distill4j.model.NetLayer.Residual.Merge;
import java.util.ArrayList;
import java.util.List;

/**
 * ShuffleNet V1 (Zhang et al., CVPR 2018; 3 groups, widths 240-480-960, 4-8-4 units) and V2 (Ma et
 * al., ECCV 2018; 1× widths 116-232-464 and 1024, 3-7-3 units) for CIFAR, as RepDistiller defines
 * them ({@code models/ShuffleNetv1.py}, {@code ShuffleNetv2.py}): a 1×1 stem at full resolution,
 * three stages that each start by halving the side, global average pooling and one linear layer.
 * Their weights start as PyTorch's defaults, as RepDistiller leaves them. Features: {@code stem},
 * {@code stage1..3} ({@code stage1..3.preact} before the last ReLU in V1), {@code embedding}.
 */
final class ShuffleNets {
    private static final int[] V1_WIDTHS = {240, 480, 960};
    private static final int[] V1_UNITS = {4, 8, 4};
    private static final int V1_GROUPS = 3;
    private static final int[] V2_WIDTHS = {116, 232, 464};
    private static final int[] V2_UNITS = {3, 7, 3};
    private static final int V2_LAST = 1024;
    private static final int STEM = 24;

    private ShuffleNets() {}

    static Architecture.Built v1(int classes) {
        ZooBuilder b = stem();
        int in = STEM;
        for (int stage = 0; stage < 3; stage++) {
            for (int i = 0; i < V1_UNITS[stage]; i++) {
                boolean down = i == 0;
                int out = V1_WIDTHS[stage] - (down ? in : 0);
                int mid = out / 4;
                int g = in == STEM ? 1 : V1_GROUPS;
                String p = "layer" + (stage + 1) + "." + i + ".";
                List<NetLayer> main = new ArrayList<>(List.of(b.conv(p + "conv1", in, mid, 1, 1, 0, g), b.norm(p + "bn1", mid),
                        new NetLayer.Relu()));
                if (g > 1) {
                    main.add(new NetLayer.Shuffle(g, mid));
                }
                main.addAll(List.of(b.conv(p + "conv2", mid, mid, 3, down ? 2 : 1, 1, mid), b.norm(p + "bn2", mid),
                        new NetLayer.Relu(), b.conv(p + "conv3", mid, out, 1, 1, 0, V1_GROUPS), b.norm(p + "bn3", out)));
                boolean last = i == V1_UNITS[stage] - 1;
                b.add(new NetLayer.Residual(List.of(), main, down ? List.of(new NetLayer.AvgPool(3, 2, 1)) : List.of(),
                        down ? Merge.CONCAT_MAIN_FIRST : Merge.ADD, last ? List.of() : List.of(new NetLayer.Relu())));
                in = V1_WIDTHS[stage];
            }
            b.feature("stage" + (stage + 1) + ZooBuilder.PREACT).add(new NetLayer.Relu()).feature("stage" + (stage + 1));
        }
        return b.head(b.linear("linear", in, classes, 0));
    }

    static Architecture.Built v2(int classes) {
        ZooBuilder b = stem();
        int in = STEM;
        for (int stage = 0; stage < 3; stage++) {
            int out = V2_WIDTHS[stage];
            int half = out / 2;
            String p = "layer" + (stage + 1) + ".";
            List<NetLayer> left = List.of(b.conv(p + "0.conv1", in, in, 3, 2, 1, in), b.norm(p + "0.bn1", in),
                    b.conv(p + "0.conv2", in, half, 1, 1, 0, 1), b.norm(p + "0.bn2", half), new NetLayer.Relu());
            List<NetLayer> right = List.of(b.conv(p + "0.conv3", in, half, 1, 1, 0, 1), b.norm(p + "0.bn3", half),
                    new NetLayer.Relu(), b.conv(p + "0.conv4", half, half, 3, 2, 1, half), b.norm(p + "0.bn4", half),
                    b.conv(p + "0.conv5", half, half, 1, 1, 0, 1), b.norm(p + "0.bn5", half), new NetLayer.Relu());
            b.add(new NetLayer.Residual(List.of(), right, left, Merge.CONCAT_SHORTCUT_FIRST, List.of(new NetLayer.Shuffle(2, out))));
            for (int i = 1; i <= V2_UNITS[stage]; i++) {
                String q = p + i + ".";
                List<NetLayer> main = List.of(new NetLayer.Channels(half, out), b.conv(q + "conv1", half, half, 1, 1, 0, 1),
                        b.norm(q + "bn1", half), new NetLayer.Relu(), b.conv(q + "conv2", half, half, 3, 1, 1, half),
                        b.norm(q + "bn2", half), b.conv(q + "conv3", half, half, 1, 1, 0, 1), b.norm(q + "bn3", half),
                        new NetLayer.Relu());
                b.add(new NetLayer.Residual(List.of(), main, List.of(new NetLayer.Channels(0, half)),
                        Merge.CONCAT_SHORTCUT_FIRST, List.of(new NetLayer.Shuffle(2, out))));
            }
            in = out;
            b.feature("stage" + (stage + 1));
        }
        b.add(b.conv("conv2", in, V2_LAST, 1, 1, 0, 1), b.norm("bn2", V2_LAST), new NetLayer.Relu());
        return b.head(b.linear("linear", V2_LAST, classes, 0));
    }

    private static ZooBuilder stem() {
        ZooBuilder b = new ZooBuilder(ZooBuilder.ConvInit.PYTORCH_DEFAULT);
        b.add(b.conv("conv1", 3, STEM, 1, 1, 0, 1), b.norm("bn1", STEM), new NetLayer.Relu()).feature("stem");
        return b;
    }
}
