package io.distill4j.data.images;

import io.distill4j.data.SkippedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes an {@link ImageCacheFile} in one pass: a draft header, then each image's pixels as they
 * are decoded (the CRC32C of each chunk computed on the way), then, on {@link #finish}, the labels,
 * the skipped list, the chunk table, the final header over the draft and the trailer, and syncs the
 * file. Only the labels (4 bytes per image) are kept in memory.
 */
public final class ImageCacheWriter implements AutoCloseable {
    private final FileChannel out;
    private final ImageCacheFile.Header draft;
    private final byte[] draftBytes;
    private final CRC32C chunkCrc = new CRC32C();
    private int[] chunkCrcs = new int[16];
    private int[] labels = new int[1024];
    private int count;

    /**
     * @param file the file to create (it must not exist)
     * @param side image side
     * @param classNames class names in label order
     * @param fingerprint the data's fingerprint
     * @throws IOException if it cannot be created
     */
    public ImageCacheWriter(Path file, int side, List<String> classNames, String fingerprint) throws IOException {
        this(file, side, classNames, fingerprint, ImageCacheFile.Header.imagesPerChunk(side));
    }

    /** As {@link #ImageCacheWriter(Path, int, List, String)} with {@code imagesPerChunk} images per checksummed chunk. */
    public ImageCacheWriter(Path file, int side, List<String> classNames, String fingerprint, int imagesPerChunk)
            throws IOException {
        draft = new ImageCacheFile.Header(side, 0, 0, imagesPerChunk, classNames, fingerprint, List.of());
        draftBytes = draft.encode();
        out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            writeAll(ByteBuffer.wrap(draftBytes));
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** @return the images added so far */
    int count() {
        return count;
    }

    /**
     * Appends one image.
     *
     * @param pixels its CHW bytes, 3·side²
     * @param label its class index
     * @throws IOException if it cannot be written
     */
    public void add(byte[] pixels, int label) throws IOException {
        if (pixels.length != draft.imageBytes() || label < 0 || label >= draft.classNames().size()) {
            throw new IllegalArgumentException("image of " + pixels.length + " bytes with label " + label);
        }
        writeAll(ByteBuffer.wrap(pixels));
        chunkCrc.update(pixels);
        if (count == labels.length) {
            labels = Arrays.copyOf(labels, 2 * labels.length);
        }
        labels[count++] = label;
        if (count % draft.imagesPerChunk() == 0) {
            endChunk();
        }
    }

    private void endChunk() {
        int chunk = (count - 1) / draft.imagesPerChunk();
        if (chunk == chunkCrcs.length) {
            chunkCrcs = Arrays.copyOf(chunkCrcs, 2 * chunkCrcs.length);
        }
        chunkCrcs[chunk] = (int) chunkCrc.getValue();
        chunkCrc.reset();
    }

    /**
     * Completes and syncs the file.
     *
     * @param trainCount how many of the images (the first ones) are training images
     * @param skipped files or rows left out
     * @return the header written
     * @throws IOException if it cannot be written
     */
    public ImageCacheFile.Header finish(int trainCount, List<SkippedImage> skipped) throws IOException {
        if (count % draft.imagesPerChunk() != 0) {
            endChunk();
        }
        ImageCacheFile.Header header = new ImageCacheFile.Header(draft.side(), count, trainCount,
                draft.imagesPerChunk(), draft.classNames(), draft.fingerprint(), skipped);
        ByteBuffer section = ByteBuffer.allocate(4 * count);
        section.asIntBuffer().put(labels, 0, count);
        byte[] skippedBytes = header.encodeSkipped();
        CRC32C dataCrc = new CRC32C();
        dataCrc.update(section.array());
        dataCrc.update(skippedBytes);
        writeAll(section);
        writeAll(ByteBuffer.wrap(skippedBytes));
        ByteBuffer table = ByteBuffer.allocate(4 * header.chunks());
        table.asIntBuffer().put(chunkCrcs, 0, header.chunks());
        int tableCrc = ImageCacheFile.crc(table.array());
        writeAll(table);
        byte[] headerBytes = header.encode();
        if (headerBytes.length != draftBytes.length) {
            throw new IllegalStateException("the header changed length");
        }
        out.write(ByteBuffer.wrap(headerBytes), 0);
        long length = out.size() + ImageCacheFile.TRAILER_BYTES;
        ByteBuffer trailer = ByteBuffer.allocate(ImageCacheFile.TRAILER_BYTES);
        trailer.putInt(ImageCacheFile.crc(headerBytes)).putInt((int) dataCrc.getValue()).putInt(tableCrc)
                .putLong(length).put(ImageCacheFile.END).flip();
        writeAll(trailer);
        out.force(true);
        return header;
    }

    private void writeAll(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
