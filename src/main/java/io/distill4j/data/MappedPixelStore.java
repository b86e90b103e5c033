package io.distill4j.data;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Pixels memory-mapped read-only from a file, in chunks of whole images below 2 GiB each (one
 * {@link MappedByteBuffer} cannot exceed {@code Integer.MAX_VALUE} bytes), read with absolute gets
 * so several threads may read at once. Mapped pages count towards the process's resident set while
 * they are in memory, so {@link FilePixelStore} serves sets too big to keep resident. Closing the store
 * (its {@link Dataset}'s {@code close()}) drops the mappings, which the JVM unmaps when it collects
 * them (Java has no explicit unmap); a closed store reads no more.
 */
public final class MappedPixelStore extends FileBackedPixelStore {
    private volatile MappedByteBuffer[] chunks;
    private final int imagesPerChunk;

    private MappedPixelStore(Path file, long offset, int size, int imageBytes, int imagesPerChunk,
            MappedByteBuffer[] chunks) {
        super(file, offset, size, imageBytes);
        this.chunks = chunks;
        this.imagesPerChunk = imagesPerChunk;
    }

    /**
     * @param file the file
     * @param offset where the first image starts
     * @param size number of images
     * @param imageBytes bytes per image
     * @return the mapped images
     * @throws IOException if the file is shorter than the images or cannot be mapped
     */
    public static MappedPixelStore open(Path file, long offset, int size, int imageBytes)
            throws IOException {
        return open(file, offset, size, imageBytes, Integer.MAX_VALUE / imageBytes);
    }

    /** As {@link #open(Path, long, int, int)} with at most {@code imagesPerChunk} per mapping. */
    static MappedPixelStore open(Path file, long offset, int size, int imageBytes, int imagesPerChunk)
            throws IOException {
        if (imagesPerChunk <= 0) {
            throw new IllegalArgumentException("imagesPerChunk must be positive: " + imagesPerChunk);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            requireLength(ch, file, offset, size, imageBytes);
            int n = (size + imagesPerChunk - 1) / imagesPerChunk;
            MappedByteBuffer[] chunks = new MappedByteBuffer[n];
            for (int k = 0; k < n; k++) {
                int images = Math.min(imagesPerChunk, size - k * imagesPerChunk);
                long from = offset + (long) k * imagesPerChunk * imageBytes;
                chunks[k] = ch.map(FileChannel.MapMode.READ_ONLY, from, (long) images * imageBytes);
            }
            return new MappedPixelStore(file, offset, size, imageBytes, imagesPerChunk, chunks);
        }
    }

    /** @return the number of mappings */
    int chunks() {
        return chunks.length;
    }

    @Override
    public void read(int index, byte[] dst, int at) {
        Objects.checkIndex(index, size());
        MappedByteBuffer[] mapped = chunks;
        if (mapped == null) {
            throw new IllegalStateException("the images of " + file + " were read after their dataset was closed");
        }
        mapped[index / imagesPerChunk].get((index % imagesPerChunk) * imageBytes(), dst, at, imageBytes());
    }

    @Override
    public void close() {
        chunks = null;
    }
}
