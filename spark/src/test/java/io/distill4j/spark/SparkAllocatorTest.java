package io.distill4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.Allocator;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The Spark job gives its executors the allocator settings, and leaves alone those the user submitted. */
class SparkAllocatorTest {
    @Test
    void executorsGetTheSettingsThatKeepFreedMemory() {
        Map<String, String> conf = SparkTeacherOutputs.allocatorSettings(new SparkConf(false));
        assertThat(conf).containsExactly(
                Map.entry("spark.executorEnv.MALLOC_MMAP_THRESHOLD_", "67108864"),
                Map.entry("spark.executorEnv.MALLOC_TRIM_THRESHOLD_", "17179869184"),
                Map.entry("spark.executorEnv.MALLOC_TOP_PAD_", "67108864"));
        assertThat(conf.size()).isEqualTo(Allocator.KEEP_FREED_MEMORY.size());
    }

    @Test
    void aSubmittedValueIsKept() {
        SparkConf submitted = new SparkConf(false).set("spark.executorEnv.MALLOC_TOP_PAD_", "1048576");
        assertThat(SparkTeacherOutputs.allocatorSettings(submitted))
                .doesNotContainKey("spark.executorEnv.MALLOC_TOP_PAD_")
                .containsKeys("spark.executorEnv.MALLOC_MMAP_THRESHOLD_", "spark.executorEnv.MALLOC_TRIM_THRESHOLD_");
    }

    @Test
    void theTestJvmItselfRunsWithTheSettings() {
        // spark/pom.xml's Surefire configuration sets them, as every launcher of distill4j does.
        assertThat(Allocator.keepsFreedMemory()).as(Allocator.describe()).isTrue();
    }
}
