package io.distill4j.data.images;

import io.distill4j.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Pixels read from a file with positional reads ({@code pread}), one image per read. Unlike a
 * mapping, what is read stays in the operating system's page cache and not in the process's
 * resident set, so a cache of any size trains in bounded memory. The channel stays open until the
 * store is closed (its {@link Dataset}'s {@code close()}); a thread interrupted while reading closes a
 * {@link FileChannel} for every thread, so the next read opens it again, unless the store was closed.
 */
public final class FilePixelStore extends FileBackedPixelStore {
    private volatile FileChannel channel;
    private volatile boolean closed;

    /** Bytes read at once when a chunk's checksum is computed. */
    private static final int CHECK_READ = 1 << 20;

    private FilePixelStore(FileChannel channel, Path file, long offset, int size, int imageBytes, ChunkChecksums checks) {
        super(file, offset, size, imageBytes, checks);
        this.channel = channel;
    }

    /**
     * As {@link MappedPixelStore#open(Path, long, int, int)}, reading instead of mapping.
     *
     * @return the store
     * @throws IOException if the file is shorter than the images or cannot be opened
     */
    public static FilePixelStore open(Path file, long offset, int size, int imageBytes)
            throws IOException {
        return open(file, offset, size, imageBytes, null);
    }

    /** As {@link #open(Path, long, int, int)}, each chunk of images checked against {@code checks} when first read. */
    static FilePixelStore open(Path file, long offset, int size, int imageBytes, ChunkChecksums checks)
            throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            requireLength(ch, file, offset, size, imageBytes);
            return new FilePixelStore(ch, file, offset, size, imageBytes, checks);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    void readImage(int index, byte[] dst, int at) {
        try {
            readFully(ByteBuffer.wrap(dst, at, imageBytes()).slice(), offset + (long) index * imageBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + index + " of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    void updateCrc(int from, int to, CRC32C crc) throws IOException {
        long position = offset + (long) from * imageBytes();
        long end = offset + (long) to * imageBytes();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHECK_READ, end - position));
        while (position < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - position));
            readFully(buf, position);
            crc.update(buf.flip());
            position += buf.limit();
        }
    }

    /** Fills {@code buf} from {@code position}, opening the channel again if another thread's interrupt closed it. */
    private void readFully(ByteBuffer buf, long position) throws IOException {
        long start = position - buf.position();
        while (buf.hasRemaining()) {
            int n;
            try {
                n = channel.read(buf, start + buf.position());
            } catch (ClosedChannelException e) {
                if (e instanceof ClosedByInterruptException) {
                    throw e;
                }
                reopen();
                continue;
            }
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private synchronized void reopen() throws IOException {
        if (closed) {
            throw new IllegalStateException("the images of " + file + " were read after their dataset was closed");
        }
        if (!channel.isOpen()) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot close " + file, e);
        }
    }
}
