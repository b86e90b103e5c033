package io.distill4j.data.images;

import io.distill4j.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.CRC32C;

/**
 * The CRC32C of each chunk of an {@link ImageCacheFile}'s pixels, and which chunks were already
 * found to match: a store checks a chunk the first time any of its images is read, so opening a
 * cache reads no pixels, yet no corrupt pixel is used. The set of checked chunks is a bitset of
 * atomic longs; two threads that read a new chunk at once may both check it (the same result), and
 * none reads an image of a chunk before it has been found to match.
 */
final class ChunkChecksums {
    /** Computes the CRC32C of a store's images {@code from} … {@code to − 1}. */
    interface Source {
        /**
         * @param from first image
         * @param to one past the last image
         * @param crc updated with their bytes, in order
         * @throws IOException if they cannot be read
         */
        void update(int from, int to, CRC32C crc) throws IOException;
    }

    private final Path file;
    private final int imagesPerChunk;
    private final int[] crcs;
    private final AtomicLongArray checked;

    /**
     * @param file the cache, named in errors
     * @param imagesPerChunk images per chunk
     * @param crcs the CRC32C of each chunk's pixels
     */
    ChunkChecksums(Path file, int imagesPerChunk, int[] crcs) {
        this.file = file;
        this.imagesPerChunk = imagesPerChunk;
        this.crcs = crcs.clone();
        this.checked = new AtomicLongArray((crcs.length + 63) / 64);
    }

    /** @return how many chunks were found to match so far */
    int checkedChunks() {
        int n = 0;
        for (int i = 0; i < checked.length(); i++) {
            n += Long.bitCount(checked.get(i));
        }
        return n;
    }

    /**
     * Checks the chunk of image {@code index} unless that was done.
     *
     * @param index an image of the store, 0 … size − 1
     * @param size the store's image count
     * @param source reads the chunk's images
     * @throws BadInputException naming the file, the chunk and the fix if the chunk does not match
     * @throws UncheckedIOException if the chunk cannot be read
     */
    void require(int index, int size, Source source) {
        int chunk = index / imagesPerChunk;
        long bit = 1L << (chunk & 63);
        if ((checked.get(chunk >>> 6) & bit) != 0) {
            return;
        }
        int from = chunk * imagesPerChunk;
        int to = (int) Math.min(size, (long) from + imagesPerChunk);
        CRC32C crc = new CRC32C();
        try {
            source.update(from, to, crc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read images " + from + "–" + (to - 1) + " of " + file + ": "
                    + e.getMessage(), e);
        }
        if ((int) crc.getValue() != crcs[chunk]) {
            throw new BadInputException("image cache " + file + " is corrupt: chunk " + chunk + " of its pixels (images "
                    + from + "–" + (to - 1) + ", read for image " + index + ") does not match its checksum:"
                    + " delete the file and run again to decode the images anew");
        }
        checked.getAndUpdate(chunk >>> 6, bits -> bits | bit);
    }
}
