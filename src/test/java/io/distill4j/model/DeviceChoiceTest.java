package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {
    @Test
    void namesParseInAnyCase() {
        assertThat(DeviceChoice.parse("cpu")).isEqualTo(DeviceChoice.CPU);
        assertThat(DeviceChoice.parse(" GPU ")).isEqualTo(DeviceChoice.GPU);
        assertThat(DeviceChoice.parse("Auto")).isEqualTo(DeviceChoice.AUTO);
        assertThatThrownBy(() -> DeviceChoice.parse("tpu"))
                .isInstanceOf(BadInputException.class).hasMessage("unknown device 'tpu': valid devices are cpu, gpu, auto");
    }

    @Test
    void autoTakesTheFirstGpuWhereThereIsOne() {
        assertThat(DeviceChoice.AUTO.resolve(0)).isEqualTo(ComputeDevice.cpu());
        assertThat(DeviceChoice.AUTO.resolve(2)).isEqualTo(ComputeDevice.gpu(0));
    }

    @Test
    void cpuIgnoresGpusAndGpuRequiresOne() {
        assertThat(DeviceChoice.CPU.resolve(4)).isEqualTo(ComputeDevice.cpu());
        assertThat(DeviceChoice.GPU.resolve(1)).isEqualTo(ComputeDevice.gpu(0));
        assertThatThrownBy(() -> DeviceChoice.GPU.resolve(0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("libtorch sees no GPU")
                .hasMessageContaining("-Pgpu");
    }

    @Test
    void thisCpuBuildSeesNoGpu() {
        assertThat(DeviceChoice.AUTO.resolve()).isEqualTo(ComputeDevice.cpu());
    }

    @Test
    void severalGpusAreCountedFromTheFirstAndMustExist() {
        assertThat(DeviceChoice.GPU.resolve(4, 2)).containsExactly(ComputeDevice.gpu(0), ComputeDevice.gpu(1));
        assertThat(DeviceChoice.AUTO.resolve(3, 3)).containsExactly(ComputeDevice.gpu(0), ComputeDevice.gpu(1), ComputeDevice.gpu(2));
        assertThat(DeviceChoice.AUTO.resolve(0, 1)).containsExactly(ComputeDevice.cpu());
        assertThatThrownBy(() -> DeviceChoice.GPU.resolve(2, 4))
                .isInstanceOf(BadInputException.class).hasMessage("--gpus 4 needs 4 GPUs but libtorch sees 2: pass --gpus 2");
        assertThatThrownBy(() -> DeviceChoice.AUTO.resolve(0, 2))
                .isInstanceOf(BadInputException.class).hasMessage("--gpus 2 needs 2 GPUs but libtorch sees 0: pass --gpus 1");
        assertThatThrownBy(() -> DeviceChoice.CPU.resolve(2, 2))
                .isInstanceOf(BadInputException.class).hasMessageContaining("(--device cpu)").hasMessageContaining("--device gpu");
        assertThatThrownBy(() -> DeviceChoice.GPU.resolve(2, 0))
                .isInstanceOf(BadInputException.class).hasMessage("--gpus must be at least 1, got 0");
    }
}
