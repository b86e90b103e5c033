package io.distill4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private List<Path> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aWriterThatFailsHalfWayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("results.json");
        Files.writeString(file, "old complete content");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]); // past the buffer: bytes reach the disk
            throw new IllegalStateException("producer failed half-way");
        })).hasMessage("producer failed half-way");
        assertThat(Files.readString(file)).isEqualTo("old complete content");
        assertThat(files()).containsExactly(file);

        Path fresh = dir.resolve("report.html");
        assertThatThrownBy(() -> AtomicFiles.write(fresh, out -> {
            out.writeUTF("<html>");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(fresh).doesNotExist();
        assertThat(files()).containsExactly(file);
    }

    @Test
    void aWriterMayCloseTheStreamItWasGiven() throws IOException {
        Path file = dir.resolve("sub/config.json");
        AtomicFiles.write(file, out -> Json.mapper().writeValue((java.io.OutputStream) out, Map.of("seed", 1)));
        assertThat(Json.mapper().readTree(file.toFile()).path("seed").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentWritersOfOneFileNeverShareATemporaryFile() throws Exception {
        Path file = dir.resolve("results.json");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
            for (int w = 0; w < 4; w++) {
                byte[] content = ("writer " + w + " ").repeat(50_000).getBytes(StandardCharsets.UTF_8);
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        AtomicFiles.write(file, content);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : writes) {
                f.get(); // a shared temporary name fails here: one writer renames the other's half-written file away
            }
        } finally {
            pool.shutdownNow();
        }
        String written = Files.readString(file);
        assertThat(written).matches("(writer \\d )+").hasSize(9 * 50_000);
        assertThat(written.substring(0, 9).repeat(50_000)).isEqualTo(written); // one writer's whole content
        assertThat(files()).containsExactly(file);
    }

    @Test
    void theFileIsReplacedByANewOneNeverRewrittenInPlace() throws IOException {
        Path file = dir.resolve("accuracy.png");
        AtomicFiles.write(file, "old".getBytes(StandardCharsets.UTF_8));
        Path reader = Files.createLink(dir.resolve("reader"), file); // like a reader holding the old file
        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(Files.readString(reader)).isEqualTo("old");
    }
}
