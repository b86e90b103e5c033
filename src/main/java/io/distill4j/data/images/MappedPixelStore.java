package io.distill4j.data.images;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Pixels memory-mapped read-only from a file, in mappings of whole images below 2 GiB each (one
 * {@link MappedByteBuffer} cannot exceed {@code Integer.MAX_VALUE} bytes), read with absolute gets
 * so several threads may read at once. Mapped pages count towards the process's resident set while
 * they are in memory, so {@link FilePixelStore} serves sets too big to keep resident. Closing the store
 * (its dataset's {@code close()}) drops the mappings, which the JVM unmaps when it collects them
 * (Java has no explicit unmap); a closed store reads no more.
 */
public final class MappedPixelStore extends FileBackedPixelStore {
    private volatile MappedByteBuffer[] mappings;
    private final int imagesPerMapping;

    private MappedPixelStore(Path file, long offset, int size, int imageBytes, int imagesPerMapping,
            MappedByteBuffer[] mappings, ChunkChecksums checks) {
        super(file, offset, size, imageBytes, checks);
        this.mappings = mappings;
        this.imagesPerMapping = imagesPerMapping;
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
        return open(file, offset, size, imageBytes, Integer.MAX_VALUE / imageBytes, null);
    }

    /** As {@link #open(Path, long, int, int)}, each chunk of images checked against {@code checks} when first read. */
    public static MappedPixelStore open(Path file, long offset, int size, int imageBytes, ChunkChecksums checks)
            throws IOException {
        return open(file, offset, size, imageBytes, Integer.MAX_VALUE / imageBytes, checks);
    }

    /** As {@link #open(Path, long, int, int, ChunkChecksums)} with at most {@code imagesPerMapping} per mapping. */
    public static MappedPixelStore open(Path file, long offset, int size, int imageBytes, int imagesPerMapping,
            ChunkChecksums checks) throws IOException {
        if (imagesPerMapping <= 0) {
            throw new IllegalArgumentException("imagesPerMapping must be positive: " + imagesPerMapping);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            requireLength(ch, file, offset, size, imageBytes);
            int n = (size + imagesPerMapping - 1) / imagesPerMapping;
            MappedByteBuffer[] mappings = new MappedByteBuffer[n];
            for (int k = 0; k < n; k++) {
                int images = Math.min(imagesPerMapping, size - k * imagesPerMapping);
                long from = offset + (long) k * imagesPerMapping * imageBytes;
                mappings[k] = ch.map(FileChannel.MapMode.READ_ONLY, from, (long) images * imageBytes);
            }
            return new MappedPixelStore(file, offset, size, imageBytes, imagesPerMapping, mappings, checks);
        }
    }

    /** @return the number of mappings */
    int mappings() {
        return mappings.length;
    }

    @Override
    void readImage(int index, byte[] dst, int at) {
        open()[index / imagesPerMapping].get((index % imagesPerMapping) * imageBytes(), dst, at, imageBytes());
    }

    @Override
    void updateCrc(int from, int to, CRC32C crc) {
        MappedByteBuffer[] mapped = open();
        for (int i = from; i < to; i++) {
            crc.update(mapped[i / imagesPerMapping].slice((i % imagesPerMapping) * imageBytes(), imageBytes()));
        }
    }

    private MappedByteBuffer[] open() {
        MappedByteBuffer[] mapped = mappings;
        if (mapped == null) {
            throw new IllegalStateException("the images of " + file + " were read after their dataset was closed");
        }
        return mapped;
    }

    @Override
    public void close() {
        mappings = null;
    }
}
