package io.distill4j.engine;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * Where tensors live: the CPU or one CUDA GPU.
 *
 * @param gpu whether it is a GPU
 * @param index the GPU's index (0 for the CPU)
 */
public record ComputeDevice(boolean gpu, int index) {
    /** Checks the index. */
    public ComputeDevice {
        if (index < 0 || (!gpu && index != 0)) {
            throw new IllegalArgumentException("bad device index " + index);
        }
    }

    /** @return the CPU */
    public static ComputeDevice cpu() {
        return new ComputeDevice(false, 0);
    }

    /**
     * @param index a CUDA device index
     * @return that GPU
     */
    public static ComputeDevice gpu(int index) {
        return new ComputeDevice(true, index);
    }

    /** @return whether it is a GPU */
    public boolean isGpu() {
        return gpu;
    }

    /** @return libtorch's device (a new native object) */
    public Device torch() {
        Torch.start();
        return new Device(toString());
    }

    /**
     * @param t a tensor on any device
     * @return {@code t} itself if it is on this device, else a copy here (recorded for gradients)
     */
    public Tensor put(Tensor t) {
        boolean here = gpu ? t.is_cuda() && t.device().index() == index : !t.is_cuda();
        return here ? t : t.to(torch(), t.scalar_type());
    }

    /** @return GPUs libtorch sees (0 with the CPU build) */
    public static int gpuCount() {
        Torch.start();
        return org.bytedeco.pytorch.global.torch.cuda_device_count();
    }

    /** @return {@code cpu} or {@code cuda:N}, libtorch's spelling */
    @Override
    public String toString() {
        return gpu ? "cuda:" + index : "cpu";
    }
}
