package io.distill4j.engine;

import static org.bytedeco.pytorch.global.torch.clear_cache;
import static org.bytedeco.pytorch.global.torch.decrement_nesting;
import static org.bytedeco.pytorch.global.torch.get_autocast_dtype;
import static org.bytedeco.pytorch.global.torch.increment_nesting;
import static org.bytedeco.pytorch.global.torch.is_autocast_enabled;
import static org.bytedeco.pytorch.global.torch.set_autocast_dtype;
import static org.bytedeco.pytorch.global.torch.set_autocast_enabled;

import java.util.function.Supplier;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A region of libtorch's automatic mixed precision, as PyTorch's {@code torch.autocast} opens one:
 * inside it, operations on the autocast lists (convolutions, matrix products) run in bfloat16 on
 * bfloat16 copies of their float32 inputs, and numerically sensitive ones stay float32. The state
 * is libtorch's and per thread; closing the region restores what was set before it and, at the
 * outermost region, drops the cached bfloat16 copies of the weights.
 */
public final class Autocast implements AutoCloseable {
    private final DeviceType type;
    private final boolean wasEnabled;
    private final ScalarType wasType;

    private Autocast(DeviceType type) {
        this.type = type;
        this.wasEnabled = is_autocast_enabled(type);
        this.wasType = get_autocast_dtype(type);
        set_autocast_dtype(type, ScalarType.BFloat16);
        set_autocast_enabled(type, true);
        increment_nesting();
    }

    /**
     * Runs {@code work} in {@code precision}: as it is for {@link Precision#FP32}, inside a bfloat16
     * region for {@link Precision#BF16}.
     *
     * @param device where the work runs
     * @param precision its arithmetic
     * @param work the forward pass
     * @param <T> what it returns
     * @return its result
     */
    public static <T> T run(ComputeDevice device, Precision precision, Supplier<T> work) {
        if (precision == Precision.FP32) {
            return work.get();
        }
        Torch.start();
        try (Autocast region = new Autocast(device.isGpu() ? DeviceType.CUDA : DeviceType.CPU)) {
            return work.get();
        }
    }

    @Override
    public void close() {
        set_autocast_enabled(type, wasEnabled);
        set_autocast_dtype(type, wasType);
        if (decrement_nesting() == 0) {
            clear_cache();
        }
    }
}
