package io.distill4j.data.images;

import io.distill4j.data.ImageSet;
import io.distill4j.data.PixelStore;
import io.distill4j.data.SkippedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The decoded-image cache of a folder or of Parquet tables: one file of uint8 pixels that later runs
 * open without decoding. Layout (big-endian), version 2:
 *
 * <pre>
 * header  "D4JIMGC\0", int version 2, int header length, int side, int count, int train count,
 *         int images per chunk, int classes, classes × UTF name, UTF fingerprint
 * pixels  count × 3·side² bytes, CHW per image, training images first; in chunks of
 *         "images per chunk" images (the last one may hold fewer)
 * labels  count × int
 * skipped int n, n × (UTF relative path, UTF reason): the files or rows left out
 * chunks  ⌈count / images per chunk⌉ × int: the CRC32C of each chunk's pixels
 * trailer int CRC32C of the header, int CRC32C of labels and skipped, int CRC32C of the chunk
 *         table, long file length, "D4JIMEND"
 * </pre>
 *
 * The header has the same length whatever the count, and pixels precede labels, the skipped files
 * and the chunk table, so the file is written in one pass while images are decoded ({@link
 * ImageCacheWriter}; a skipped image is only known after its decoding). {@link #open} checks the
 * trailer, the length, the header, the chunk table, the labels and the skipped list (a few bytes
 * per image), but reads no pixels: a cache of 15 GB opens in milliseconds. Each chunk of pixels is
 * checked against its CRC32C the first time one of its images is read ({@link ChunkChecksums}), so a
 * corrupt pixel is still never used. A chunk is {@value #CHUNK_BYTES} bytes of whole images (one
 * image where an image is larger): small enough that the first read of an image costs a few
 * milliseconds more, large enough that the table stays a few kilobytes for a cache of tens of
 * gigabytes (about 1,800 entries for 15 GB). A cache of version 1 (one checksum over all pixels,
 * checked at every open) is refused at open as an older format, so its dataset is decoded again.
 */
public final class ImageCacheFile {
    static final byte[] MAGIC = "D4JIMGC\0".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "D4JIMEND".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    static final int TRAILER_BYTES = 4 + 4 + 4 + 8 + 8;
    /** Pixel bytes per checksummed chunk (whole images: fewer where an image does not divide it). */
    static final int CHUNK_BYTES = 8 << 20;
    /** Bytes of the fixed-length part of a header: magic, version, length, side, count, train count, chunk, classes. */
    private static final int FIXED_HEADER = MAGIC.length + 7 * 4;
    /** Most header bytes a valid file can have (class names and skipped files included). */
    private static final int MAX_HEADER = 64 << 20;
    /** Pixel sections up to this size are memory-mapped; larger ones are read per image. */
    static final long MAP_LIMIT = 1L << 30;

    /**
     * What the header says.
     *
     * @param side image side
     * @param count images
     * @param trainCount images of the training tree (the first ones)
     * @param imagesPerChunk images per checksummed chunk of pixels
     * @param classNames class names in label order
     * @param fingerprint the data's fingerprint at build time
     * @param skipped files or rows left out
     */
    public record Header(int side, int count, int trainCount, int imagesPerChunk, List<String> classNames,
                  String fingerprint, List<SkippedImage> skipped) {
        public Header {
            classNames = List.copyOf(classNames);
            skipped = List.copyOf(skipped);
        }

        /** @return images of {@code side} per chunk of {@link #CHUNK_BYTES} (at least one) */
        static int imagesPerChunk(int side) {
            return Math.max(1, CHUNK_BYTES / (ImageSet.CHANNELS * side * side));
        }

        int imageBytes() {
            return ImageSet.CHANNELS * side * side;
        }

        /** @return the number of checksummed chunks of pixels */
        int chunks() {
            return (int) (((long) count + imagesPerChunk - 1) / imagesPerChunk);
        }

        public long pixelBytes() {
            return (long) count * imageBytes();
        }

        public byte[] encode() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(0);
            out.writeInt(side);
            out.writeInt(count);
            out.writeInt(trainCount);
            out.writeInt(imagesPerChunk);
            out.writeInt(classNames.size());
            for (String name : classNames) {
                out.writeUTF(name);
            }
            out.writeUTF(fingerprint);
            byte[] header = bytes.toByteArray();
            ByteBuffer.wrap(header).putInt(MAGIC.length + 4, header.length);
            return header;
        }

        /** @return the skipped section */
        byte[] encodeSkipped() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(skipped.size());
            for (SkippedImage s : skipped) {
                out.writeUTF(truncate(s.relative()));
                out.writeUTF(truncate(s.reason()));
            }
            return bytes.toByteArray();
        }

        private static String truncate(String s) {
            return s.length() > 1000 ? s.substring(0, 1000) : s;
        }

        /** @return the header of checked bytes, without its skipped list */
        static Header decode(byte[] header) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(header));
            in.skipNBytes(MAGIC.length + 8);
            int side = in.readInt();
            int count = in.readInt();
            int trainCount = in.readInt();
            int perChunk = in.readInt();
            int classes = in.readInt();
            if (side < 1 || side > ImageSet.MAX_SIDE || count < 0 || trainCount < 0 || trainCount > count
                    || perChunk < 1 || classes < 1 || classes > ImageSet.MAX_CLASSES) {
                throw new IOException("header values out of range");
            }
            List<String> names = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                names.add(in.readUTF());
            }
            String fingerprint = in.readUTF();
            if (in.available() != 0) {
                throw new IOException("header has trailing bytes");
            }
            return new Header(side, count, trainCount, perChunk, names, fingerprint, List.of());
        }

        /** @return this header with the skipped list of checked bytes */
        Header withSkipped(byte[] section, int from) throws IOException {
            DataInputStream more = new DataInputStream(new ByteArrayInputStream(section, from, section.length - from));
            int n = more.readInt();
            if (n < 0 || n > section.length) {
                throw new IOException("the list of skipped files is corrupt");
            }
            List<SkippedImage> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(new SkippedImage(more.readUTF(), more.readUTF()));
            }
            if (more.available() != 0) {
                throw new IOException("the list of skipped files has trailing bytes");
            }
            return new Header(side, count, trainCount, imagesPerChunk, classNames, fingerprint, list);
        }
    }

    /**
     * An opened cache.
     *
     * @param header what the header says
     * @param labels label of each image
     * @param pixels the images, each chunk checked when one of its images is first read
     */
    public record Contents(Header header, int[] labels, PixelStore pixels) {}

    private ImageCacheFile() {}

    /** @return the CRC32C of {@code bytes} */
    static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /**
     * Reads and checks a cache: trailer, exact length, header checksum, chunk table checksum, labels
     * and skipped list checksum, labels in range; no pixel is read.
     *
     * @param file the cache
     * @return its contents, the pixels memory-mapped (up to {@link #MAP_LIMIT}) or read per image,
     *     each chunk of them checked against its checksum when first read
     * @throws IOException naming what is wrong if the file is truncated, corrupt, of another version or unreadable
     */
    public static Contents open(Path file) throws IOException {
        return open(file, MAP_LIMIT);
    }

    /** As {@link #open(Path)}, mapping the pixels up to {@code mapLimit} bytes. */
    public static Contents open(Path file, long mapLimit) throws IOException {
        Framed framed;
        int[] labels;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            framed = frame(ch);
            Header header = framed.header();
            ByteBuffer lb = ByteBuffer.wrap(framed.labelsAndSkipped());
            labels = new int[header.count()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = lb.getInt();
                if (labels[i] < 0 || labels[i] >= header.classNames().size()) {
                    throw new IOException("label " + labels[i] + " of image " + i + " is out of range");
                }
            }
        }
        Header header = framed.header();
        ChunkChecksums checks = new ChunkChecksums(file, header.imagesPerChunk(), framed.chunkCrcs());
        PixelStore pixels = header.pixelBytes() <= mapLimit
                ? MappedPixelStore.open(file, framed.headerLength(), header.count(), header.imageBytes(), checks)
                : FilePixelStore.open(file, framed.headerLength(), header.count(), header.imageBytes(), checks);
        return new Contents(header, labels, pixels);
    }

    /**
     * Reads only the header and the skipped list of a cache, checking the trailer, the length and
     * their checksums (no pixel is read).
     */
    public static Header peek(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return frame(ch).header();
        }
    }

    /** The checked frame of a cache file: its header, labels, skipped list and chunk checksums. */
    private record Framed(Header header, int headerLength, byte[] labelsAndSkipped, int[] chunkCrcs) {}

    private static Framed frame(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < FIXED_HEADER + TRAILER_BYTES) {
            throw new IOException("it has " + size + " bytes, too few for a cache");
        }
        ByteBuffer start = readFully(ch, 0, FIXED_HEADER);
        byte[] magic = new byte[MAGIC.length];
        start.get(magic);
        int version = start.getInt();
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("it is not a distill4j image cache");
        }
        if (version != VERSION) {
            throw new IOException("it has format version " + version + ", not " + VERSION
                    + (version < VERSION ? " (written by an older distill4j)" : ""));
        }
        ByteBuffer t = readFully(ch, size - TRAILER_BYTES, TRAILER_BYTES);
        int headerCrc = t.getInt();
        int dataCrc = t.getInt();
        int tableCrc = t.getInt();
        long length = t.getLong();
        byte[] end = new byte[END.length];
        t.get(end);
        if (!Arrays.equals(end, END) || length != size) {
            throw new IOException("it is truncated or was not completely written (" + size + " bytes)");
        }
        int headerLength = start.getInt();
        if (headerLength < FIXED_HEADER || headerLength > Math.min(MAX_HEADER, size - TRAILER_BYTES)) {
            throw new IOException("its header length " + headerLength + " is impossible");
        }
        byte[] headerBytes = readFully(ch, 0, headerLength).array();
        if (crc(headerBytes) != headerCrc) {
            throw new IOException("its header checksum does not match");
        }
        Header header = Header.decode(headerBytes);
        long labelsAt = headerLength + header.pixelBytes();
        long tableAt = size - TRAILER_BYTES - 4L * header.chunks();
        long sectionLength = tableAt - labelsAt;
        if (sectionLength < 4L * header.count() + 4 || sectionLength > 4L * header.count() + MAX_HEADER) {
            throw new IOException("it has " + size + " bytes, not what its header implies");
        }
        byte[] table = readFully(ch, tableAt, 4 * header.chunks()).array();
        if (crc(table) != tableCrc) {
            throw new IOException("its table of chunk checksums does not match its checksum");
        }
        byte[] section = readFully(ch, labelsAt, (int) sectionLength).array();
        if (crc(section) != dataCrc) {
            throw new IOException("the checksum of its labels and skipped files does not match");
        }
        int[] crcs = new int[header.chunks()];
        ByteBuffer.wrap(table).asIntBuffer().get(crcs);
        return new Framed(header.withSkipped(section, 4 * header.count()), headerLength, section, crcs);
    }

    static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("it ended early");
            }
        }
        return buf.flip();
    }
}
