package io.distill4j.engine;

import io.distill4j.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic of forward passes. {@link #FP32} runs every operation in float32; {@link #BF16}
 * runs each forward pass inside libtorch's autocast to bfloat16 ({@link Autocast}): convolutions and
 * matrix products take bfloat16 copies of float32 tensors, while the weights (the master copy), the
 * losses, the gradients' accumulation and the optimizer stay float32. The choice {@code auto} is
 * bf16 where the hardware computes it natively (a CPU with AVX512-BF16 or AMX, a GPU of compute
 * capability 8.0 or later) and fp32 elsewhere; a run records the resolved value, never {@code auto}.
 */
public enum Precision {
    /** float32 throughout. */
    FP32,
    /** Forward passes in bfloat16 autocast, weights and optimizer in float32. */
    BF16;

    /** The choices a user may give: the two precisions and {@code auto}. */
    public static final List<String> CHOICES = List.of("fp32", "bf16", "auto");

    /** @return {@code fp32} or {@code bf16}, as settings, config.json and reports spell it */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param label {@code fp32} or {@code bf16}
     * @return the precision
     * @throws BadInputException for anything else, naming the valid values
     */
    public static Precision of(String label) {
        for (Precision p : values()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        throw new BadInputException("unknown precision '" + label + "': valid precisions are " + String.join(", ", CHOICES));
    }

    /**
     * @param choice {@code fp32}, {@code bf16} or {@code auto}
     * @param device where the forward passes run
     * @return the precision: {@code auto} resolved for {@code device}
     */
    public static Precision resolve(String choice, ComputeDevice device) {
        if (!choice.equals("auto")) {
            return of(choice);
        }
        return nativeBf16(device) ? BF16 : FP32;
    }

    /**
     * @param device a device
     * @return whether it computes bfloat16 in hardware
     */
    public static boolean nativeBf16(ComputeDevice device) {
        return device.isGpu() ? CudaCapability.major(device.index()) >= 8 : cpuHasBf16(cpuFlags());
    }

    /**
     * @param flags the {@code flags} line of {@code /proc/cpuinfo} (empty where there is none)
     * @return whether it names AVX512-BF16 or AMX-BF16, the instructions oneDNN's bfloat16 kernels use
     */
    static boolean cpuHasBf16(String flags) {
        List<String> words = List.of(flags.trim().split("\\s+"));
        return words.contains("avx512_bf16") || words.contains("amx_bf16");
    }

    /** @return the first {@code flags} line of {@code /proc/cpuinfo}, or an empty string off Linux */
    static String cpuFlags() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "";
        }
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst().map(l -> l.substring(l.indexOf(':') + 1)).orElse("");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }
}
