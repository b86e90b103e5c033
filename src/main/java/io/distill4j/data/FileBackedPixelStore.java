package io.distill4j.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** What the file-backed stores share: {@code size} images of {@code imageBytes} from an offset. */
abstract class FileBackedPixelStore implements PixelStore {
    /** The file. */
    final Path file;
    /** Where the first image starts. */
    final long offset;
    private final int size;
    private final int imageBytes;

    FileBackedPixelStore(Path file, long offset, int size, int imageBytes) {
        if (imageBytes <= 0 || size < 0 || offset < 0) {
            throw new IllegalArgumentException("bad store geometry");
        }
        this.file = file;
        this.offset = offset;
        this.size = size;
        this.imageBytes = imageBytes;
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
}
