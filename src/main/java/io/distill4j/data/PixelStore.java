package io.distill4j.data;


/**
 * Where the pixels of an {@link ImageSet} live: {@link #size()} images of {@link #imageBytes()}
 * bytes each, channel-planar (CHW) uint8. Implementations hold them in memory ({@link
 * ArrayPixelStore}) or read them from a file ({@link io.distill4j.data.images.MappedPixelStore}, {@link io.distill4j.data.images.FilePixelStore}), so
 * a set is not bounded by the 2 GiB of one Java array. Stores are immutable and safe to read from
 * several threads. Closing a store that reads a file releases the file; a closed store reads no more.
 */
public interface PixelStore extends AutoCloseable {
    /** @return the number of images */
    int size();

    /** @return bytes per image */
    int imageBytes();

    /**
     * Copies image {@code index} into {@code dst} from {@code offset}.
     *
     * @param index 0 … {@code size() − 1}
     * @param dst destination with at least {@code imageBytes()} bytes from {@code offset}
     * @param offset first byte written
     */
    void read(int index, byte[] dst, int offset);

    /** @return the bytes all images take */
    default long totalBytes() {
        return (long) size() * imageBytes();
    }

    /** Releases what the store holds open; a store in memory holds nothing. */
    @Override
    default void close() {}
}
