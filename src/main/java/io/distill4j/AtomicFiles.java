package io.distill4j;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one way distill4j writes a file: a temporary file in the same folder, flushed and synced to
 * disk, then renamed over the destination. A crash or an exception at any instant leaves either the
 * previous complete file or the new complete file, and no temporary file.
 */
public final class AtomicFiles {
    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param out the stream to write to; closing it is allowed and does nothing
         * @throws IOException if writing fails
         */
        void write(DataOutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * @param file destination; its folder is created if missing
     * @param writer produces the content
     * @throws IOException if anything fails; the destination is then untouched and no temporary
     *     file is left behind (a {@link RuntimeException} of the writer is rethrown likewise)
     */
    public static void write(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try {
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                    BufferedOutputStream out = new BufferedOutputStream(fos, 1 << 16)) {
                writer.write(new DataOutputStream(unclosable(out)));
                out.flush();
                fos.getFD().sync();
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Writes content already in memory, e.g. a report, a chart or a JSON document.
     *
     * @param file destination; its folder is created if missing
     * @param content the bytes
     * @throws UncheckedIOException naming the file if it cannot be written; the destination is
     *     then untouched
     */
    public static void write(Path file, byte[] content) {
        try {
            write(file, out -> out.write(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Libraries such as Jackson close the stream they are given; the sync needs it open. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
