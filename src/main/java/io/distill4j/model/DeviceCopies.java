package io.distill4j.model;

import io.distill4j.engine.ComputeDevice;
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

    /**
     * @param t a tensor
     * @param device where it should be
     * @return {@code t} itself if it is there, else a copy there (recorded for gradients)
     */
    public static Tensor to(Tensor t, ComputeDevice device) {
        boolean there = device.isGpu() ? t.is_cuda() && t.device().index() == device.index() : !t.is_cuda();
        return there ? t : t.to(device.torch(), t.scalar_type());
    }
}
