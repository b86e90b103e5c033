package io.distill4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** File helpers shared by the report writers. */
final class ReportFiles {
    private ReportFiles() {}

    /** Creates the missing parent directories of {@code file}. */
    static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** Writes {@code bytes} to {@code file}, creating its parent directories. */
    static void write(Path file, byte[] bytes) {
        try {
            createParent(file);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
