package io.distill4j.model.zoo;

import io.distill4j.model.Architecture;
import io.distill4j.model.NetLayer;
import java.util.List;

/**
 * VGG (Simonyan and Zisserman, ICLR 2015) with batch norm, for CIFAR, as RepDistiller defines it
 * ({@code models/vgg.py}): five blocks of 3×3 convolutions (with bias) + BN + ReLU, 2×2 max-pooling
 * after the first three (and after the fourth from 64×64 input on), global average pooling and one
 * linear layer; no fully connected stack. Features: {@code stem} (block 0), {@code stage1..4} and
 * {@code stage1..4.preact} (before the block's last ReLU), {@code embedding}.
 */
final class Vggs {
    /** Smallest input side: three 2×2 poolings leave it at least 1×1. */
    static final int SMALLEST_SIDE = 8;

    private Vggs() {}

    /**
     * @param blocks the widths of each block's convolutions, five blocks
     */
    static Architecture.Built build(List<List<Integer>> blocks, int side, int classes) {
        ZooBuilder b = new ZooBuilder(ZooBuilder.ConvInit.FAN_OUT_NORMAL);
        int in = 3;
        for (int k = 0; k < blocks.size(); k++) {
            int index = 0;
            for (int width : blocks.get(k)) {
                String path = "block" + k + ".";
                b.add(b.conv(path + index, in, width, 3, 1, 1, 1, true), b.norm(path + (index + 1), width));
                if (k > 0 && index + 3 == 3 * blocks.get(k).size()) {
                    b.feature("stage" + k + ZooBuilder.PREACT);
                }
                b.add(new NetLayer.Relu());
                index += 3;
                in = width;
            }
            b.feature(k == 0 ? "stem" : "stage" + k);
            if (k < 3 || k == 3 && side >= 64) {
                b.add(new NetLayer.MaxPool(2, 2));
            }
        }
        return b.head(b.linear("classifier", in, classes, 0.01));
    }
}
