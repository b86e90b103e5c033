package io.distill4j.model.zoo;

import io.distill4j.model.Architecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model zoo of the field's CIFAR benchmark, as RepDistiller (Tian et al., ICLR 2020) defines it
 * and mdistiller reuses: the same layers, parameter counts and {@code state_dict} names, so that
 * their published checkpoints load ({@link io.distill4j.model.TorchCheckpoint}). Each names its stem,
 * stage outputs and pooled embedding as features, for the feature-based methods.
 */
public final class Zoo {
    /** How a zoo model is built for a side and class count. */
    @FunctionalInterface
    interface Blueprint {
        Architecture.Built build(int side, int classes);
    }

    /**
     * One zoo model.
     *
     * @param family its family, for listings
     * @param smallestSide the smallest input side its poolings leave at least 1×1
     * @param blueprint how it is built
     */
    record Entry(String family, int smallestSide, Blueprint blueprint) {}

    private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

    static {
        for (int depth : new int[] {8, 14, 20, 32, 44, 56, 110}) {
            resnet("resnet" + depth, depth, ResNets.NARROW);
        }
        resnet("resnet8x4", 8, ResNets.WIDE);
        resnet("resnet32x4", 32, ResNets.WIDE);
        for (int[] dw : new int[][] {{16, 1}, {16, 2}, {40, 1}, {40, 2}}) {
            MODELS.put("wrn-" + dw[0] + "-" + dw[1],
                    new Entry("wide resnet", 1, (side, classes) -> WideResNets.build(dw[0], dw[1], classes)));
        }
        vgg("vgg8", List.of(List.of(64), List.of(128), List.of(256), List.of(512), List.of(512)));
        vgg("vgg11", List.of(List.of(64), List.of(128), List.of(256, 256), List.of(512, 512), List.of(512, 512)));
        vgg("vgg13", List.of(List.of(64, 64), List.of(128, 128), List.of(256, 256), List.of(512, 512), List.of(512, 512)));
        vgg("vgg16", List.of(List.of(64, 64), List.of(128, 128), List.of(256, 256, 256), List.of(512, 512, 512),
                List.of(512, 512, 512)));
        vgg("vgg19", List.of(List.of(64, 64), List.of(128, 128), List.of(256, 256, 256, 256), List.of(512, 512, 512, 512),
                List.of(512, 512, 512, 512)));
        MODELS.put("mobilenetv2", new Entry("mobilenet", 1, (side, classes) -> MobileNetV2.build(classes)));
        MODELS.put("shufflenetv1", new Entry("shufflenet", 1, (side, classes) -> ShuffleNets.v1(classes)));
        MODELS.put("shufflenetv2", new Entry("shufflenet", 1, (side, classes) -> ShuffleNets.v2(classes)));
    }

    private Zoo() {}

    private static void resnet(String name, int depth, int[] widths) {
        MODELS.put(name, new Entry("resnet", 1, (side, classes) -> ResNets.build(depth, widths, classes)));
    }

    private static void vgg(String name, List<List<Integer>> blocks) {
        MODELS.put(name, new Entry("vgg", Vggs.SMALLEST_SIDE, (side, classes) -> Vggs.build(blocks, side, classes)));
    }

    /** @return the zoo's names, in listing order */
    public static Set<String> names() {
        return java.util.Collections.unmodifiableSet(MODELS.keySet());
    }

    /** @return whether {@code name} is a zoo model */
    public static boolean contains(String name) {
        return MODELS.containsKey(name);
    }

    static Entry entry(String name) {
        Entry e = MODELS.get(name);
        if (e == null) {
            throw new IllegalArgumentException("not a zoo model: " + name);
        }
        return e;
    }
}
