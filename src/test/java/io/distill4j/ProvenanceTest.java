package io.distill4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.engine.ComputeDevice;
import java.net.URL;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    /**
     * @return the version in the name of the Maven jar that holds {@code resource}, e.g. 2.10.0-1.5.13 of
     *     pytorch-2.10.0-1.5.13.jar (a JavaCPP presets version: the library's, then JavaCPP's)
     */
    private static String jarVersion(String resource, String artifact) {
        URL url = ProvenanceTest.class.getClassLoader().getResource(resource);
        assertThat(url).as(resource).isNotNull();
        Matcher m = Pattern.compile(".*/" + artifact + "-(\\d+\\.\\d+\\.\\d+(?:-\\d+\\.\\d+\\.\\d+)?)[^/]*\\.jar!/.*")
                .matcher(url.toString());
        assertThat(m.matches()).as("%s comes from a %s jar", url, artifact).isTrue();
        return m.group(1);
    }

    @Test
    void versionsAreThoseOfTheJarsOnTheClassPathAndOfTheLoadedLibtorch() {
        Map<String, Object> d = Provenance.describe();
        String presets = jarVersion("org/bytedeco/pytorch/Tensor.class", "pytorch");
        assertThat(Provenance.enginePresets()).isEqualTo(presets);
        assertThat(d.get("engine")).isEqualTo("JavaCPP PyTorch presets " + presets);
        assertThat(d.get("libtorch")).isEqualTo(presets.substring(0, presets.indexOf('-')));
        assertThat(d).containsEntry("libtorch_flavour", "CPU").containsEntry("gpus", 0)
                .containsEntry("default_device", ComputeDevice.cpu().toString());
        assertThat((String) d.get("libtorch_library")).startsWith(Loader.getPlatform()).doesNotContain("gpu");
        assertThat(Provenance.versionLines()[1]).startsWith("JavaCPP PyTorch " + presets + ", libtorch " + d.get("libtorch")
                + ", CPU build (");
    }

    @Test
    void aCudaLibtorchIsRecordedAsSuchWithItsDevices() {
        Libtorch cuda = new Libtorch("2.10.0", "CUDA", "linux-x86_64-gpu", 2, "cpu");
        assertThat(Provenance.describe(cuda)).containsEntry("libtorch", "2.10.0").containsEntry("libtorch_flavour", "CUDA")
                .containsEntry("libtorch_library", "linux-x86_64-gpu").containsEntry("gpus", 2)
                .containsEntry("default_device", "cpu");
        assertThat(Provenance.versionLines(cuda.describe())[1]).endsWith(
                "libtorch 2.10.0, CUDA build (linux-x86_64-gpu), default device cpu, 2 GPUs");
    }

    @Test
    void convolutionMathIsStrictUnlessTheEnvironmentChoosesAMode() {
        assertThat(Provenance.convolutionMath(null)).isEqualTo("strict");
        assertThat(Provenance.convolutionMath("  ")).isEqualTo("strict");
        assertThat(Provenance.convolutionMath(" BF16 ")).isEqualTo("bf16");
    }
}
