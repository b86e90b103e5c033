package io.distill4j.model;

import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where models train and run: {@code cpu}, {@code gpu} (the first CUDA device; an error where
 * libtorch sees none) or {@code auto} (the first GPU where there is one, else the CPU). The default
 * build bundles libtorch's CPU library, which sees no GPU; the {@code gpu} Maven profile bundles
 * in the CUDA build of libtorch (see docs/performance.md, "GPU").
 */
public enum DeviceChoice {
    /** The CPU. */
    CPU,
    /** The first GPU; an error where there is none. */
    GPU,
    /** The first GPU where there is one, else the CPU. */
    AUTO;

    /**
     * @param name {@code cpu}, {@code gpu} or {@code auto}, any case
     * @return the choice
     * @throws BadInputException naming the valid choices
     */
    public static DeviceChoice parse(String name) {
        for (DeviceChoice c : values()) {
            if (c.name().equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        throw new BadInputException("unknown device '" + name + "': valid devices are "
                + Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /**
     * @param gpuCount GPUs libtorch sees
     * @return the device to use
     * @throws BadInputException if a GPU is required and there is none
     */
    public ComputeDevice resolve(int gpuCount) {
        if (this == CPU || (this == AUTO && gpuCount == 0)) {
            return ComputeDevice.cpu();
        }
        if (gpuCount == 0) {
            throw new BadInputException("--device gpu: libtorch sees no GPU (a CPU build of libtorch, or no CUDA driver):"
                    + " on a machine with CUDA use the jar of 'mvn -Pgpu package', or pass --device cpu or auto");
        }
        return ComputeDevice.gpu(0);
    }

    /**
     * The devices of a data-parallel run: {@code gpus} GPUs, the first holding the weights.
     *
     * @param gpuCount GPUs libtorch sees
     * @param gpus devices to split each batch over (1: no split)
     * @return the devices to use
     * @throws BadInputException if there are not that many GPUs, or the choice is the CPU
     */
    public List<ComputeDevice> resolve(int gpuCount, int gpus) {
        if (gpus < 1) {
            throw new BadInputException("--gpus must be at least 1, got " + gpus);
        }
        ComputeDevice first = resolve(gpuCount);
        if (gpus == 1) {
            return List.of(first);
        }
        if (!first.isGpu() || gpus > gpuCount) {
            throw new BadInputException("--gpus " + gpus + " needs " + gpus + " GPUs but libtorch sees " + gpuCount
                    + (this == CPU ? " (--device cpu)" : "") + ": pass --gpus " + Math.max(1, gpuCount)
                    + (this == CPU ? " or --device gpu" : ""));
        }
        List<ComputeDevice> devices = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            devices.add(ComputeDevice.gpu(i));
        }
        return List.copyOf(devices);
    }

    /**
     * @param gpus devices to split each batch over
     * @return the devices to use on this machine
     */
    public List<ComputeDevice> resolveAll(int gpus) {
        return resolve(this == CPU ? 0 : ComputeDevice.gpuCount(), gpus);
    }

    /** @return the device to use on this machine */
    public ComputeDevice resolve() {
        return resolve(this == CPU ? 0 : ComputeDevice.gpuCount());
    }
}
