package io.distill4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The Spark job builds on the store, its builder, the shared launch package and the settings: no
 * class of it refers to the {@code distill} command line ({@code io.distill4j.cli}), read from the
 * compiled classes by the JDK's {@code jdeps}.
 */
class SparkDependenciesTest {
    @Test
    void theSparkJobRefersToNoCommandLineClass() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none",
                Path.of("target/classes").toString());
        assertThat(code).as(out.toString()).isZero();
        List<String> edges = out.toString().lines().filter(l -> l.contains("->")).toList();
        assertThat(edges).as("the scan sees the job's use of the store builder")
                .anyMatch(l -> l.contains("io.distill4j.spark.SparkTeacherOutputs") && l.contains("io.distill4j.store.build.StoreBuild"));
        assertThat(edges.stream().filter(l -> l.matches(".*->\\s+io\\.distill4j\\.cli\\..*")))
                .as("references from the Spark job to the command line").isEmpty();
    }
}
