package io.distill4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.pytorch.global.torch.is_autocast_enabled;

import io.distill4j.BadInputException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Precision}'s choices and {@link Autocast}'s regions, on libtorch itself. */
class PrecisionTest {
    private static final String EPYC_FLAGS = " fpu vme avx2 avx512f avx512_vnni avx512_bf16 clzero";
    private static final String SAPPHIRE_RAPIDS_FLAGS = " avx512f amx_bf16 amx_tile amx_int8";
    private static final String SKYLAKE_FLAGS = " fpu avx2 avx512f avx512bw avx512_vnni";

    @BeforeAll
    static void start() {
        Torch.start();
    }

    @Test
    void theCpuFlagsDecideWhetherBf16IsNative() {
        assertThat(Precision.cpuHasBf16(EPYC_FLAGS)).isTrue();
        assertThat(Precision.cpuHasBf16(SAPPHIRE_RAPIDS_FLAGS)).isTrue();
        assertThat(Precision.cpuHasBf16(SKYLAKE_FLAGS)).isFalse();
        assertThat(Precision.cpuHasBf16("")).isFalse();
        // a flag that merely contains the name is not it
        assertThat(Precision.cpuHasBf16(" xavx512_bf16x")).isFalse();
    }

    @Test
    void explicitChoicesResolveToThemselvesAndOthersAreRefused() {
        assertThat(Precision.resolve("fp32", ComputeDevice.cpu())).isEqualTo(Precision.FP32);
        assertThat(Precision.resolve("bf16", ComputeDevice.cpu())).isEqualTo(Precision.BF16);
        assertThat(Precision.resolve("auto", ComputeDevice.cpu()))
                .isEqualTo(Precision.cpuHasBf16(Precision.cpuFlags()) ? Precision.BF16 : Precision.FP32);
        assertThatThrownBy(() -> Precision.of("fp16")).isInstanceOf(BadInputException.class)
                .hasMessage("unknown precision 'fp16': valid precisions are fp32, bf16, auto");
        assertThat(Precision.BF16.label()).isEqualTo("bf16");
    }

    @Test
    void aBf16RegionMultipliesInBfloat16AndRestoresFloat32After() {
        try (PointerScope scope = new PointerScope()) {
            Tensor a = torch.randn(8, 8);
            Tensor inside = Autocast.run(ComputeDevice.cpu(), Precision.BF16, () -> a.mm(a));
            assertThat(inside.scalar_type().intern()).isEqualTo(ScalarType.BFloat16);
            assertThat(is_autocast_enabled(DeviceType.CPU)).isFalse();
            assertThat(a.mm(a).scalar_type().intern()).isEqualTo(ScalarType.Float);
            Tensor plain = Autocast.run(ComputeDevice.cpu(), Precision.FP32, () -> a.mm(a));
            assertThat(plain.scalar_type().intern()).isEqualTo(ScalarType.Float);
            // bfloat16 keeps 8 bits of mantissa: close to float32, and not equal to it
            float diff = inside.to(ScalarType.Float).sub(plain).abs().max().item_float();
            float scale = plain.abs().max().item_float();
            assertThat(diff).isGreaterThan(0f).isLessThan(0.05f * scale);
        }
    }

    @Test
    void nestedRegionsAndFailuresLeaveAutocastAsItWas() {
        try (PointerScope scope = new PointerScope()) {
            Tensor a = torch.randn(4, 4);
            Autocast.run(ComputeDevice.cpu(), Precision.BF16, () -> {
                Autocast.run(ComputeDevice.cpu(), Precision.BF16, () -> a.mm(a));
                assertThat(is_autocast_enabled(DeviceType.CPU)).as("still inside the outer region").isTrue();
                return null;
            });
            assertThatThrownBy(() -> Autocast.run(ComputeDevice.cpu(), Precision.BF16, () -> {
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(is_autocast_enabled(DeviceType.CPU)).isFalse();
            assertThat(a.mm(a).scalar_type().intern()).isEqualTo(ScalarType.Float);
        }
    }
}
