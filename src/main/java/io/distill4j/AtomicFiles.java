package io.distill4j;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way distill4j writes a file: a temporary file of its own in the same folder (a unique
 * name, so two writers of one destination never share it), flushed and synced to disk, renamed
 * over the destination, and the folder synced so that the rename itself survives a power loss. A
 * crash or an exception at any instant leaves either the previous complete file or the new complete
 * file, and no temporary file.
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

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AtomicFiles() {}

    /**
     * @param file destination; its folder is created if missing
     * @param writer produces the content
     * @throws IOException if anything fails; the destination is then untouched and no temporary
     *     file is left behind (a {@link RuntimeException} of the writer is rethrown likewise)
     */
    public static void write(Path file, Writer writer) throws IOException {
        Path tmp = temporary(file);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    BufferedOutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.write(new DataOutputStream(unclosable(out)));
                out.flush();
            }
            commit(tmp, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * A temporary name beside {@code file} for a writer that needs a path of its own (Parquet's):
     * write there, then {@link #commit}.
     *
     * @param file the destination; its folder is created if missing
     * @return a name no other writer uses: hidden, with this process's id and a counter
     * @throws IOException if the folder cannot be created
     */
    public static Path temporary(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + SEQUENCE.incrementAndGet() + ".tmp");
    }

    /**
     * Deletes what writers of {@code file} killed before their {@link #commit} left: its {@link
     * #temporary} names. Only for a file that no live writer is writing.
     *
     * @param file a destination
     * @throws IOException if its folder cannot be listed or a leftover deleted
     */
    public static void deleteLeftovers(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        String prefix = "." + file.getFileName() + ".";
        try (var entries = Files.list(dir)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Makes a completely written temporary file the destination: its content is synced to disk, it
     * is renamed over {@code file} atomically, and the folder is synced, so that after a crash the
     * destination is either absent (or the old one) or whole.
     *
     * @param tmp a {@link #temporary} name of {@code file}, closed by its writer
     * @param file the destination
     * @throws IOException if syncing or renaming fails
     */
    public static void commit(Path tmp, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(file.toAbsolutePath().getParent());
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

    /**
     * Makes a rename or a new file in {@code dir} durable (fsync of the folder), where the platform
     * allows a folder to be opened (Linux and macOS do; elsewhere the rename is durable on its own).
     *
     * @param dir a folder whose entries just changed
     * @throws IOException if the folder was opened but could not be synced
     */
    public static void syncFolder(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return; // a platform that cannot open a folder (Windows)
        }
        try (channel) {
            channel.force(true);
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

    /**
     * Deletes {@code root} and everything below it, if it exists; links are not followed.
     *
     * @param root a file or folder
     * @throws IOException if something cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e)
                            throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
