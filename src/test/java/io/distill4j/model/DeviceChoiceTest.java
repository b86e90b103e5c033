package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.distill4j.BadInputException;
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
        assertThat(DeviceChoice.AUTO.resolve(0)).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.AUTO.resolve(2)).isEqualTo(Device.gpu(0));
    }

    @Test
    void cpuIgnoresGpusAndGpuRequiresOne() {
        assertThat(DeviceChoice.CPU.resolve(4)).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.GPU.resolve(1)).isEqualTo(Device.gpu(0));
        assertThatThrownBy(() -> DeviceChoice.GPU.resolve(0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("libtorch sees no GPU")
                .hasMessageContaining("-Pgpu");
    }

    @Test
    void thisCpuBuildSeesNoGpu() {
        assertThat(DeviceChoice.AUTO.resolve()).isEqualTo(Device.cpu());
    }
}
