package io.distill4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates real CIFAR-10 for integration tests: {@code $DISTILL4J_CIFAR10} (a folder holding
 * {@code cifar-10-batches-bin}), else {@code target/real-cifar10}, converted on first use from
 * {@code ../shared/datasets/cifar10-jpg.zip}. Tests are skipped, with the reason, where none exists.
 */
public final class RealCifar {
    private static final Path PREPARED = Path.of("target", "real-cifar10");
    private static final Path ZIP = Path.of("..", "shared", "datasets", "cifar10-jpg.zip");
    private static final Path CONVERTER = Path.of("..", "shared", "datasets", "Cifar10FromJpg.java");

    private RealCifar() {}

    /** @return a folder holding {@code cifar-10-batches-bin}, or the calling test is skipped */
    public static synchronized Path dataDir() {
        String env = System.getenv("DISTILL4J_CIFAR10");
        if (env != null && Files.isRegularFile(Path.of(env, "cifar-10-batches-bin", "test_batch.bin"))) {
            return Path.of(env);
        }
        if (Files.isRegularFile(PREPARED.resolve("cifar-10-batches-bin").resolve("test_batch.bin"))) {
            return PREPARED;
        }
        Components.need(Components.CIFAR10, Files.isRegularFile(ZIP) && Files.isRegularFile(CONVERTER),
                "real CIFAR-10 not found: put ../shared/datasets/cifar10-jpg.zip beside the project or set DISTILL4J_CIFAR10");
        try {
            Files.createDirectories(PREPARED);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    CONVERTER.toString(), ZIP.toString(), PREPARED.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("converting " + ZIP + " failed with exit code " + p.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot convert " + ZIP, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return PREPARED;
    }
}
