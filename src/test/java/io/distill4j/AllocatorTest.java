package io.distill4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.bench.ProcessCounters;
import io.distill4j.engine.Torch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** The allocator settings: what counts as keeping freed memory, and every launcher setting the same values. */
class AllocatorTest {
    private static final Map<String, String> KEPT = Map.of("MALLOC_MMAP_THRESHOLD_", "67108864",
            "MALLOC_TRIM_THRESHOLD_", "17179869184", "MALLOC_TOP_PAD_", "67108864");

    @Test
    void theSettingsAreGlibcsTunablesWithTheMeasuredValues() {
        assertThat(Allocator.KEEP_FREED_MEMORY).containsExactlyInAnyOrderEntriesOf(KEPT);
        assertThat(Allocator.settings()).isEqualTo(
                "MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=17179869184 MALLOC_TOP_PAD_=67108864");
    }

    @Test
    void freedMemoryIsKeptOnlyWithEverySettingAtLeastItsValueOrAPreloadedAllocator() {
        assertThat(Allocator.keepsFreedMemory(KEPT)).isTrue();
        assertThat(Allocator.describe(KEPT)).startsWith("glibc malloc, freed memory kept in the process (")
                .contains("MALLOC_TOP_PAD_=67108864");
        assertThat(Allocator.keepsFreedMemory(Map.of())).isFalse();
        assertThat(Allocator.describe(Map.of())).isEqualTo("glibc malloc, freed memory returned to the kernel: training"
                + " runs up to 1.85× slower; start through bin/distill or set " + Allocator.settings());
        Map<String, String> smallPad = Map.of("MALLOC_MMAP_THRESHOLD_", "67108864",
                "MALLOC_TRIM_THRESHOLD_", "17179869184", "MALLOC_TOP_PAD_", "4096");
        assertThat(Allocator.keepsFreedMemory(smallPad)).isFalse();
        assertThat(Allocator.describe(smallPad)).contains("returned to the kernel (").contains("MALLOC_TOP_PAD_=4096");
        Map<String, String> larger = Map.of("MALLOC_MMAP_THRESHOLD_", "67108864",
                "MALLOC_TRIM_THRESHOLD_", "34359738368", "MALLOC_TOP_PAD_", "134217728");
        assertThat(Allocator.keepsFreedMemory(larger)).isTrue();
        assertThat(Allocator.keepsFreedMemory(Map.of("MALLOC_MMAP_THRESHOLD_", "lots",
                "MALLOC_TRIM_THRESHOLD_", "17179869184", "MALLOC_TOP_PAD_", "67108864"))).isFalse();
        Map<String, String> tcmalloc = Map.of("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4");
        assertThat(Allocator.keepsFreedMemory(tcmalloc)).isTrue();
        assertThat(Allocator.describe(tcmalloc)).isEqualTo(
                "allocator preloaded (LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4)");
    }

    @Test
    void thisTestJvmRunsWithTheSettingsAndItsProvenanceSaysSo() {
        // pom.xml's Surefire configuration sets them for every forked test JVM.
        assertThat(Allocator.keepsFreedMemory()).as(Allocator.describe()).isTrue();
        assertThat((String) Provenance.describe().get("allocator")).startsWith("glibc malloc, freed memory kept");
    }

    /**
     * The threshold's premise, on this machine's glibc: a tensor of exactly 32 MiB (a batch of 128
     * maps of 64 channels at 32×32, as ReviewKD's fusion and the wide zoo models make) is a block just
     * over 32 MiB, which only a threshold above 32 MiB keeps. After the first rounds, in which the
     * heap grows (six here), allocating and freeing it again faults no page in (a stray round is
     * allowed); at a 32 MiB threshold each round faults all of its 8,192 pages in anew (measured:
     * 8,192–8,600 per round for 16 rounds).
     */
    @Test
    void aFreed32MibTensorIsReusedNotFaultedInAgain() {
        Torch.start();
        long pages = (32L << 20) / 4096;
        allocateAndFree32Mib(8);
        long before = ProcessCounters.now().minorFaults();
        allocateAndFree32Mib(16);
        long faults = ProcessCounters.now().minorFaults() - before;
        assertThat(faults).as("minor faults of 16 allocations of %d pages each, after 8 to warm up", pages)
                .isLessThan(2 * pages);
    }

    private static void allocateAndFree32Mib(int rounds) {
        for (int i = 0; i < rounds; i++) {
            try (PointerScope scope = new PointerScope()) {
                torch.ones(128, 64, 32, 32).sum().item_float();
            }
        }
    }

    /** Every file through which distill4j starts sets each variable to the value of {@link Allocator#KEEP_FREED_MEMORY}. */
    @Test
    void everyLauncherSetsTheSameValues() throws Exception {
        Map<String, Pattern> forms = Map.of(
                "bin/distill", Pattern.compile("export (MALLOC_\\w+_)=\"\\$\\{MALLOC_\\w+_:-(\\d+)\\}\""),
                "deploy/Containerfile", Pattern.compile("(MALLOC_\\w+_)=(\\d+)"),
                "pom.xml", Pattern.compile("<(MALLOC_\\w+_)>(\\d+)</"),
                "spark/pom.xml", Pattern.compile("<(MALLOC_\\w+_)>(\\d+)</"),
                "examples/pom.xml", Pattern.compile("<(MALLOC_\\w+_)>(\\d+)</"),
                "bench/compare", Pattern.compile("(MALLOC_\\w+_)=(\\d+)"),
                "spark/bench/throughput.sh", Pattern.compile("(MALLOC_\\w+_)=(\\d+)"));
        for (Map.Entry<String, Pattern> f : forms.entrySet()) {
            String text = Files.readString(Path.of(f.getKey()));
            Matcher m = f.getValue().matcher(text);
            Map<String, String> found = new java.util.LinkedHashMap<>();
            while (m.find()) {
                found.put(m.group(1), m.group(2));
            }
            assertThat(found).as(f.getKey()).containsExactlyInAnyOrderEntriesOf(KEPT);
        }
        // The Slurm and Kubernetes recipes start distill4j through bin/distill and the container image.
        assertThat(Files.readString(Path.of("deploy/slurm/sweep.sbatch"))).contains("/bin/distill");
        assertThat(Files.readString(Path.of("deploy/k8s/sweep-job.yaml"))).contains("built from deploy/Containerfile");
        for (String line : List.of(Files.readString(Path.of("deploy/Containerfile")).split("\n"))) {
            if (line.contains("MALLOC_")) {
                assertThat(line).as("the image sets them with ENV, before the JVM starts").startsWith("ENV ");
            }
        }
    }
}
