package io.distill4j.model;

import java.util.Iterator;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Copies of weights and tensors between devices, for data-parallel training. */
public final class DeviceCopies {
    private DeviceCopies() {}

    /**
     * Overwrites a network's weights and batch-norm statistics with another's. The copies'
     * gradients are left as they were.
     *
     * @param from the source network
     * @param to a network of the same topology, on any device
     */
    public static void copyWeights(Network from, Network to) {
        try (NoGradGuard g = new NoGradGuard()) {
            Iterator<Tensor> target = to.tensors().values().iterator();
            for (Map.Entry<String, Tensor> source : from.tensors().entrySet()) {
                target.next().copy_(source.getValue());
            }
        }
    }
}
