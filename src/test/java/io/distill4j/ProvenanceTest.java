package io.distill4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    /** @return the version in the name of the Maven jar that holds {@code resource}, e.g. api-0.36.0.jar */
    private static String jarVersion(String resource, String artifact) {
        URL url = ProvenanceTest.class.getClassLoader().getResource(resource);
        assertThat(url).as(resource).isNotNull();
        Matcher m = Pattern.compile(".*/" + artifact + "-(\\d+\\.\\d+\\.\\d+)[^/]*\\.jar!/.*").matcher(url.toString());
        assertThat(m.matches()).as("%s comes from a %s jar", url, artifact).isTrue();
        return m.group(1);
    }

    @Test
    void versionsAreThoseOfTheJarsOnTheClassPathAndOfTheLoadedLibtorch() {
        Map<String, Object> d = Provenance.describe();
        assertThat(d.get("djl")).isEqualTo(jarVersion("ai/djl/engine/Engine.class", "api"));
        assertThat(d.get("libtorch")).isEqualTo(jarVersion("native/lib/pytorch.properties", "pytorch-native-cpu"));
        assertThat(d).containsEntry("libtorch_flavour", "CPU").containsEntry("gpus", 0)
                .containsEntry("default_device", Device.cpu().toString());
        assertThat((String) d.get("libtorch_library")).contains("cpu");
        assertThat(Provenance.versionLines()[1]).startsWith("DJL " + d.get("djl") + ", libtorch " + d.get("libtorch")
                + ", CPU build (");
    }

    /** A loaded CUDA libtorch, as DJL's engine would report it on a machine with two GPUs. */
    private static final class CudaEngine extends Engine {
        @Override
        public Engine getAlternativeEngine() {
            return null;
        }

        @Override
        public String getEngineName() {
            return "PyTorch";
        }

        @Override
        public int getRank() {
            return 0;
        }

        @Override
        public String getVersion() {
            return "2.7.1";
        }

        @Override
        public boolean hasCapability(String capability) {
            return StandardCapabilities.CUDA.equals(capability);
        }

        @Override
        public int getGpuCount() {
            return 2;
        }

        @Override
        public Device defaultDevice() {
            return Device.gpu(0);
        }

        @Override
        public Model newModel(String name, Device device) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NDManager newBaseManager() {
            throw new UnsupportedOperationException();
        }

        @Override
        public NDManager newBaseManager(Device device) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aCudaLibtorchIsRecordedAsSuchWithItsDevices() {
        Libtorch cuda = Libtorch.of(new CudaEngine(), Path.of("/home/u/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64"));
        assertThat(Provenance.describe(cuda)).containsEntry("libtorch", "2.7.1").containsEntry("libtorch_flavour", "CUDA")
                .containsEntry("libtorch_library", "2.7.1-cu128-linux-x86_64").containsEntry("gpus", 2)
                .containsEntry("default_device", "gpu(0)");
        assertThat(Provenance.versionLines(cuda.describe())[1]).endsWith(
                "libtorch 2.7.1, CUDA build (2.7.1-cu128-linux-x86_64), default device gpu(0), 2 GPUs");
    }

    @Test
    void convolutionMathIsStrictUnlessTheEnvironmentChoosesAMode() {
        assertThat(Provenance.convolutionMath(null)).isEqualTo("strict");
        assertThat(Provenance.convolutionMath("  ")).isEqualTo("strict");
        assertThat(Provenance.convolutionMath(" BF16 ")).isEqualTo("bf16");
    }
}
