package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.Allocator;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The allocator settings ({@link Allocator}) change how glibc hands memory back, never a result; and
 * {@code bin/distill}, the launcher the Slurm recipe and users start, sets them.
 */
class AllocatorSettingsTest {
    private static final List<String> STUDY = List.of("study", "--dataset", "synthetic", "--preset", "quick",
            "--train-limit", "600", "--teacher-epochs", "2", "--student-epochs", "2", "--batch-size", "64",
            "--methods", "ce,kd,sp", "--threads", "2");

    @TempDir Path tmp;

    @Test
    void aStudyGivesBitIdenticalWeightsWithAndWithoutTheSettings() throws Exception {
        Path kept = study("kept", true);
        Path returned = study("returned", false);
        assertQuietConsole(tmp.resolve("kept.log"));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(kept.resolve("config.json").toFile()).at("/provenance/allocator").asText())
                .startsWith("glibc malloc, freed memory kept");
        assertThat(json.readTree(returned.resolve("config.json").toFile()).at("/provenance/allocator").asText())
                .startsWith("glibc malloc, freed memory returned to the kernel");
        List<Path> weights;
        try (var files = Files.list(kept.resolve("models"))) {
            weights = files.filter(p -> p.toString().endsWith(".params")).sorted().toList();
        }
        assertThat(weights).hasSize(4);
        for (Path w : weights) {
            assertThat(Files.readAllBytes(returned.resolve("models").resolve(w.getFileName())))
                    .as("weights of %s", w.getFileName()).isEqualTo(Files.readAllBytes(w));
        }
        var a = json.readTree(kept.resolve("results.json").toFile()).get("models");
        var b = json.readTree(returned.resolve("results.json").toFile()).get("models");
        assertThat(b.size()).isEqualTo(a.size()).isEqualTo(4);
        for (int i = 0; i < a.size(); i++) {
            for (String field : List.of("train_acc", "val_acc", "test_acc")) {
                assertThat(b.get(i).get(field).asDouble()).as("%s of model %d", field, i)
                        .isEqualTo(a.get(i).get(field).asDouble());
            }
        }
        assertThat(withoutSeconds(returned)).isEqualTo(withoutSeconds(kept));
    }

    /** What a study prints holds no third-party warning flood: no NNPACK line, no line more than 5 times. */
    private static void assertQuietConsole(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as("console").noneMatch(line -> line.contains("NNPACK"));
        Map<String, Long> counts = lines.stream().filter(line -> !line.isBlank())
                .collect(Collectors.groupingBy(line -> line, Collectors.counting()));
        assertThat(counts).as("lines printed more than 5 times").allSatisfy((line, n) -> assertThat(n).isLessThanOrEqualTo(5));
    }

    private static List<String> withoutSeconds(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    }

    /** Runs the study in a JVM of its own, whose environment has the settings or has none of them. */
    private Path study(String name, boolean withSettings) throws Exception {
        Path out = tmp.resolve(name);
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx2g", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(STUDY);
        command.addAll(List.of("--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        environment(pb, withSettings ? Allocator.KEEP_FREED_MEMORY : Map.of());
        assertThat(run(pb, tmp.resolve(name + ".log"))).isZero();
        return out;
    }

    @Test
    void binDistillSetsTheSettingsAndKeepsAValueTheUserSet() throws Exception {
        // The launcher as shipped, beside a jar that runs this build's Main from the test class path.
        Path root = tmp.resolve("checkout");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("target"));
        Path launcher = Files.copy(Path.of("bin", "distill"), root.resolve("bin").resolve("distill"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(
                System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        try (OutputStream jar = new JarOutputStream(Files.newOutputStream(root.resolve("target").resolve("distill4j.jar")),
                manifest)) {
            jar.flush();
        }

        ProcessBuilder plain = new ProcessBuilder(launcher.toString(), "--version");
        environment(plain, Map.of());
        Path log = tmp.resolve("version.log");
        assertThat(run(plain, log)).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("glibc malloc, freed memory kept in the process ("
                + Allocator.settings() + ")");

        ProcessBuilder own = new ProcessBuilder(launcher.toString(), "--version");
        environment(own, Map.of("MALLOC_TOP_PAD_", "4096"));
        Path ownLog = tmp.resolve("own.log");
        assertThat(run(own, ownLog)).as(Files.readString(ownLog)).isZero();
        assertThat(Files.readString(ownLog)).contains("freed memory returned to the kernel (")
                .contains("MALLOC_TOP_PAD_=4096");
    }

    /** Removes every allocator setting from the inherited environment, then sets {@code settings}. */
    private static void environment(ProcessBuilder pb, Map<String, String> settings) {
        pb.environment().keySet().removeIf(k -> k.startsWith("MALLOC_") || k.equals("LD_PRELOAD"));
        pb.environment().putAll(settings);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("PATH", Path.of(java()).getParent() + File.pathSeparator + System.getenv("PATH"));
    }

    private static int run(ProcessBuilder pb, Path log) throws Exception {
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("did not finish in 10 minutes; log: " + Files.readString(log));
        }
        return p.exitValue();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
