package io.distill4j.data.images;

import io.distill4j.data.PixelStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * What the file-backed stores share: {@code size} images of {@code imageBytes} from an offset, and,
 * for a cache file, the checksum of each chunk of images, checked on the first read of the chunk.
 */
abstract class FileBackedPixelStore implements PixelStore {
    /** The file. */
    final Path file;
    /** Where the first image starts. */
    final long offset;
    private final int size;
    private final int imageBytes;
    private final ChunkChecksums checks;

    FileBackedPixelStore(Path file, long offset, int size, int imageBytes, ChunkChecksums checks) {
        if (imageBytes <= 0 || size < 0 || offset < 0) {
            throw new IllegalArgumentException("bad store geometry");
        }
        this.file = file;
        this.offset = offset;
        this.size = size;
        this.imageBytes = imageBytes;
        this.checks = checks;
    }

    /** @throws IOException if {@code channel} is shorter than the images */
    static void requireLength(FileChannel channel, Path file, long offset, int size, int imageBytes)
            throws IOException {
        long end = offset + (long) size * imageBytes;
        if (channel.size() < end) {
            throw new IOException(file + " holds " + channel.size() + " bytes, expected " + end);
        }
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final int imageBytes() {
        return imageBytes;
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.distill4j.BadInputException if the image's chunk of a cache file does not match its checksum
     */
    @Override
    public final void read(int index, byte[] dst, int at) {
        Objects.checkIndex(index, size);
        if (checks != null) {
            checks.require(index, size, this::updateCrc);
        }
        readImage(index, dst, at);
    }

    /** @return the chunk checksums checked on reads, or {@code null} where the file has none */
    final ChunkChecksums checks() {
        return checks;
    }

    /** Copies image {@code index} (a valid index) into {@code dst} from {@code at}. */
    abstract void readImage(int index, byte[] dst, int at);

    /** Updates {@code crc} with the bytes of images {@code from} … {@code to − 1}, in order. */
    abstract void updateCrc(int from, int to, CRC32C crc) throws IOException;
}
