package io.distill4j.api;

import io.distill4j.engine.ComputeDevice;

/**
 * Where a model trains or runs: the CPU or one CUDA GPU. The bundled libtorch is the CPU build; a GPU
 * needs the project's {@code gpu} build profile.
 *
 * @param gpu whether it is a GPU
 * @param index the GPU's index; 0 for the CPU
 */
public record Hardware(boolean gpu, int index) {
    /**
     * Checks the index.
     *
     * @param gpu whether it is a GPU
     * @param index the GPU's index, non-negative; 0 for the CPU
     * @throws InvalidInputException for a negative index, or a CPU with another index than 0
     */
    public Hardware {
        if (index < 0 || !gpu && index != 0) {
            throw new InvalidInputException("device index " + index + " is invalid: use Hardware.cpu() or"
                    + " Hardware.gpu(i) with i from 0 to the GPU count − 1");
        }
    }

    /** @return the CPU */
    public static Hardware cpu() {
        return new Hardware(false, 0);
    }

    /**
     * @param index a CUDA device index, 0 to {@link #gpuCount()} − 1
     * @return that GPU
     * @throws InvalidInputException for an index that names no GPU of this machine
     */
    public static Hardware gpu(int index) {
        int count = gpuCount();
        if (index < 0 || index >= count) {
            throw new InvalidInputException("GPU " + index + " does not exist: this machine has " + count
                    + " CUDA GPUs visible to libtorch; use Hardware.cpu()" + (count > 0 ? " or an index below " + count : ""));
        }
        return new Hardware(true, index);
    }

    /** @return the number of CUDA GPUs libtorch sees (0 with the CPU build) */
    public static int gpuCount() {
        return ComputeDevice.gpuCount();
    }

    static Hardware of(ComputeDevice device) {
        return new Hardware(device.isGpu(), device.index());
    }

    ComputeDevice device() {
        return gpu ? ComputeDevice.gpu(index) : ComputeDevice.cpu();
    }

    /** @return {@code cpu} or {@code cuda:N}, libtorch's spelling */
    @Override
    public String toString() {
        return device().toString();
    }
}
