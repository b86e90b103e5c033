package io.distill4j.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.distill4j.BadInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where models train and run: {@code cpu}, {@code gpu} (the first CUDA device; an error where
 * libtorch sees none) or {@code auto} (the first GPU where there is one, else the CPU). The default
 * build bundles libtorch's CPU library, which sees no GPU; the {@code gpu} Maven profile leaves it
 * out so that DJL fetches the CUDA build at first run (see the README).
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
    public Device resolve(int gpuCount) {
        if (this == CPU || (this == AUTO && gpuCount == 0)) {
            return Device.cpu();
        }
        if (gpuCount == 0) {
            throw new BadInputException("--device gpu: libtorch sees no GPU (this build bundles the CPU library):"
                    + " build with 'mvn -Pgpu package' on a machine with CUDA, or pass --device cpu or auto");
        }
        return Device.gpu(0);
    }

    /** @return the device to use on this machine */
    public Device resolve() {
        return resolve(this == CPU ? 0 : Engine.getInstance().getGpuCount());
    }
}
