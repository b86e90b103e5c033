package io.distill4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import java.util.function.Consumer;

/** Copies of weights and arrays between devices, for data-parallel training. */
public final class DeviceCopies {
    private DeviceCopies() {}

    /**
     * Overwrites a network's weights and batch-norm statistics with another's. The copies'
     * gradients start empty.
     *
     * @param from the source network
     * @param to a network of the same topology, on any device
     */
    public static void copyWeights(Network from, Network to) {
        List<Pair<String, Parameter>> mine = from.block().getParameters().stream().toList();
        List<Pair<String, Parameter>> theirs = to.block().getParameters().stream().toList();
        for (int i = 0; i < mine.size(); i++) {
            NDArray source = mine.get(i).getValue().getArray();
            NDArray target = theirs.get(i).getValue().getArray();
            boolean trainable = target.hasGradient();
            withCopy(source, target.getDevice(), target::intern);
            if (trainable) {
                target.setRequiresGradient(true);
            }
        }
    }

    /**
     * Hands {@code use} a fresh copy of {@code source} on {@code device}, then frees it. Two DJL
     * behaviours are mended here, once: libtorch's {@code to()} returns the tensor itself on its own
     * device (so a same-device copy is a clone), and DJL's {@code toDevice} opens a sub-manager of
     * the source's manager that would otherwise pile up with every per-step copy.
     *
     * @param source the array to copy
     * @param device where the copy goes
     * @param use what to do with the copy (it may take over the copy's handle, e.g. {@code intern})
     */
    public static void withCopy(NDArray source, Device device, Consumer<NDArray> use) {
        NDArray copy = device.equals(source.getDevice()) ? source.duplicate() : source.toDevice(device, true);
        NDManager made = copy.getManager();
        try {
            use.accept(copy);
        } finally {
            copy.close();
            if (made != source.getManager() && made.getManagedArrays().isEmpty()) {
                made.close();
            }
        }
    }
}
