package io.distill4j.model.zoo;

import io.distill4j.model.Architecture;
import io.distill4j.model.NetLayer;
import io.distill4j.model.NetLayer.Residual.Merge;
import java.util.List;

/**
 * Wide residual networks (Zagoruyko and Komodakis, BMVC 2016) as RepDistiller defines them
 * ({@code models/wrn.py}): a 3×3 stem, three stages of pre-activation blocks (BN, ReLU, 3×3 conv,
 * BN, ReLU, 3×3 conv, plus the input, or a strided 1×1 conv of the activated input where the width
 * changes), BN and ReLU, global average pooling and one linear layer. Depth 6n + 4 has n blocks a
 * stage; widths 16 and 16k-32k-64k for widening factor k. Features: {@code stem} (the stem's
 * convolution), {@code stage1..3}, {@code embedding}.
 */
final class WideResNets {
    private WideResNets() {}

    static Architecture.Built build(int depth, int widen, int classes) {
        int n = (depth - 4) / 6;
        ZooBuilder b = new ZooBuilder(ZooBuilder.ConvInit.FAN_OUT_NORMAL);
        b.add(b.conv("conv1", 3, 16, 3, 1, 1, 1)).feature("stem");
        int in = 16;
        for (int stage = 1; stage <= 3; stage++) {
            int out = (8 << stage) * widen;
            for (int i = 0; i < n; i++) {
                int stride = stage > 1 && i == 0 ? 2 : 1;
                b.add(block(b, "block" + stage + ".layer." + i + ".", in, out, stride));
                in = out;
            }
            b.feature("stage" + stage);
        }
        b.add(b.norm("bn1", in), new NetLayer.Relu());
        return b.head(b.linear("fc", in, classes, 0));
    }

    private static NetLayer block(ZooBuilder b, String path, int in, int out, int stride) {
        List<NetLayer> activate = List.of(b.norm(path + "bn1", in), new NetLayer.Relu());
        List<NetLayer> rest = List.of(b.conv(path + "conv1", in, out, 3, stride, 1, 1), b.norm(path + "bn2", out),
                new NetLayer.Relu(), b.conv(path + "conv2", out, out, 3, 1, 1, 1));
        if (in == out) {
            List<NetLayer> main = new java.util.ArrayList<>(activate);
            main.addAll(rest);
            return new NetLayer.Residual(List.of(), main, List.of(), Merge.ADD, List.of());
        }
        return new NetLayer.Residual(activate, rest, List.of(b.conv(path + "convShortcut", in, out, 1, stride, 0, 1)),
                Merge.ADD, List.of());
    }
}
