package io.distill4j.data;

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
 * The decoded-image cache of a folder: one file of uint8 pixels that later runs open without
 * decoding. Layout (big-endian):
 *
 * <pre>
 * header  "D4JIMGC\0", int version 1, int header length, int side, int count, int train count,
 *         int classes, classes × UTF name, UTF fingerprint
 * pixels  count × 3·side² bytes, CHW per image, training images first
 * labels  count × int
 * skipped int n, n × (UTF relative path, UTF reason): the files left out
 * trailer int CRC32C of the header, int CRC32C of pixels, labels and skipped, long file length,
 *         "D4JIMEND"
 * </pre>
 *
 * The header has the same length whatever the count, and pixels precede labels and the skipped
 * files, so the file is written in one pass while images are decoded (a skipped image is only known
 * after its decoding). {@link #open} checks the trailer, the length and
 * both checksums before anything is used, so a truncated or corrupt file is always refused.
 */
final class ImageCacheFile {
    static final byte[] MAGIC = "D4JIMGC\0".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "D4JIMEND".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int TRAILER_BYTES = 4 + 4 + 8 + 8;
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
     * @param classNames class names in label order
     * @param fingerprint the folder's fingerprint at build time
     * @param skipped files left out
     */
    record Header(int side, int count, int trainCount, List<String> classNames, String fingerprint,
                  List<SkippedImage> skipped) {
        Header {
            classNames = List.copyOf(classNames);
            skipped = List.copyOf(skipped);
        }

        int imageBytes() {
            return ImageSet.CHANNELS * side * side;
        }

        byte[] encode() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(0);
            out.writeInt(side);
            out.writeInt(count);
            out.writeInt(trainCount);
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

        static Header decode(byte[] header, byte[] skippedSection) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(header));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC) || in.readInt() != VERSION || in.readInt() != header.length) {
                throw new IOException("not a distill4j image cache of version " + VERSION);
            }
            int side = in.readInt();
            int count = in.readInt();
            int trainCount = in.readInt();
            int classes = in.readInt();
            if (side < 1 || side > ImageSet.MAX_SIDE || count < 0 || trainCount < 0 || trainCount > count
                    || classes < 1 || classes > ImageSet.MAX_CLASSES) {
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
            DataInputStream more = new DataInputStream(new ByteArrayInputStream(skippedSection));
            int skipped = more.readInt();
            if (skipped < 0 || skipped > skippedSection.length) {
                throw new IOException("the list of skipped files is corrupt");
            }
            List<SkippedImage> list = new ArrayList<>();
            for (int i = 0; i < skipped; i++) {
                list.add(new SkippedImage(more.readUTF(), more.readUTF()));
            }
            if (more.available() != 0) {
                throw new IOException("the list of skipped files has trailing bytes");
            }
            return new Header(side, count, trainCount, names, fingerprint, list);
        }
    }

    /**
     * An opened cache.
     *
     * @param header what the header says
     * @param labels label of each image
     * @param pixels the images
     */
    record Contents(Header header, int[] labels, PixelStore pixels) {}

    private ImageCacheFile() {}

    /** @return the trailer of a file whose header, pixels and labels have these checksums */
    static ByteBuffer trailer(int headerCrc, int dataCrc, long fileLength) {
        ByteBuffer t = ByteBuffer.allocate(TRAILER_BYTES);
        t.putInt(headerCrc).putInt(dataCrc).putLong(fileLength).put(END).flip();
        return t;
    }

    /** @return the CRC32C of {@code bytes} */
    static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /**
     * Reads and checks a cache: trailer, exact length, header checksum, data checksum (one
     * streaming pass), labels in range.
     *
     * @param file the cache
     * @return its contents, the pixels memory-mapped (up to {@link #MAP_LIMIT}) or read per image
     * @throws IOException naming what is wrong if the file is truncated, corrupt or unreadable
     */
    static Contents open(Path file) throws IOException {
        Framed framed;
        int[] labels;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            framed = frame(ch);
            long size = ch.size();
            if (dataChecksum(ch, framed.headerLength(), size - TRAILER_BYTES) != framed.dataCrc()) {
                throw new IOException("its data checksum does not match");
            }
            Header header = framed.header();
            ByteBuffer lb = readFully(ch, framed.pixelsAt() + framed.pixelBytes(), 4 * header.count());
            labels = new int[header.count()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = lb.getInt();
                if (labels[i] < 0 || labels[i] >= header.classNames().size()) {
                    throw new IOException("label " + labels[i] + " of image " + i + " is out of range");
                }
            }
        }
        Header header = framed.header();
        PixelStore pixels = framed.pixelBytes() <= MAP_LIMIT
                ? MappedPixelStore.open(file, framed.pixelsAt(), header.count(), header.imageBytes())
                : FilePixelStore.open(file, framed.pixelsAt(), header.count(), header.imageBytes());
        return new Contents(header, labels, pixels);
    }

    /**
     * Reads only the header of a cache, checking the trailer, the header checksum and the length
     * (no pass over the data).
     */
    static Header peek(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return frame(ch).header();
        }
    }

    /** The checked frame of a cache file: its header and where its sections lie. */
    private record Framed(Header header, int headerLength, int dataCrc) {
        long pixelsAt() {
            return headerLength;
        }

        long pixelBytes() {
            return (long) header.count() * header.imageBytes();
        }
    }

    private static Framed frame(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < MAGIC.length + 24 + TRAILER_BYTES) {
            throw new IOException("it has " + size + " bytes, too few for a cache");
        }
        ByteBuffer t = readFully(ch, size - TRAILER_BYTES, TRAILER_BYTES);
        int headerCrc = t.getInt();
        int dataCrc = t.getInt();
        long length = t.getLong();
        byte[] end = new byte[END.length];
        t.get(end);
        if (!Arrays.equals(end, END) || length != size) {
            throw new IOException("it is truncated or was not completely written (" + size + " bytes)");
        }
        int headerLength = readFully(ch, MAGIC.length + 4, 4).getInt();
        if (headerLength < MAGIC.length + 24 || headerLength > Math.min(MAX_HEADER, size - TRAILER_BYTES)) {
            throw new IOException("its header length " + headerLength + " is impossible");
        }
        byte[] headerBytes = readFully(ch, 0, headerLength).array();
        if (crc(headerBytes) != headerCrc) {
            throw new IOException("its header checksum does not match");
        }
        ByteBuffer counts = ByteBuffer.wrap(headerBytes, MAGIC.length + 8, 8);
        int side = counts.getInt();
        int count = counts.getInt();
        if (side < 1 || side > ImageSet.MAX_SIDE || count < 0) {
            throw new IOException("header values out of range");
        }
        long skippedAt = headerLength + (long) count * (ImageSet.CHANNELS * side * side + 4);
        long skippedLength = size - TRAILER_BYTES - skippedAt;
        if (skippedLength < 4 || skippedLength > MAX_HEADER) {
            throw new IOException("it has " + size + " bytes, not what its header implies");
        }
        byte[] skipped = readFully(ch, skippedAt, (int) skippedLength).array();
        return new Framed(Header.decode(headerBytes, skipped), headerLength, dataCrc);
    }

    private static int dataChecksum(FileChannel ch, long from, long to) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22);
        long position = from;
        while (position < to) {
            buf.clear().limit((int) Math.min(buf.capacity(), to - position));
            int n = ch.read(buf, position);
            if (n < 0) {
                throw new IOException("it ended early");
            }
            buf.flip();
            crc.update(buf);
            position += n;
        }
        return (int) crc.getValue();
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
