package io.distill4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    @Test
    void describesVersionsMachineAndConvolutionMath() {
        Map<String, Object> d = Provenance.describe();
        assertThat(d).containsKeys("distill4j", "commit", "java", "djl", "libtorch", "cpus", "cpu_model");
        assertThat(d.get("onednn_fpmath_mode")).isEqualTo(Provenance.convolutionMath());
        String env = System.getenv("ONEDNN_DEFAULT_FPMATH_MODE");
        String expected = env == null || env.isBlank() ? "strict" : env.trim().toLowerCase(java.util.Locale.ROOT);
        assertThat(Provenance.convolutionMath()).isEqualTo(expected);
    }
}
