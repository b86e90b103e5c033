package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import io.distill4j.data.ArrayPixelStore;
import io.distill4j.data.ImageSet;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Strict reader of the CIFAR binary record layout: files of fixed-size records, each some label
 * bytes followed by one {@value #IMAGE_BYTES}-byte channel-planar (CHW) 32×32 image. Every file
 * must have exactly its expected size and every label byte must be in range; any other file is a
 * one-line {@link BadInputException} naming the file (and the record) and the fix.
 */
final class LabelledRecords {
    /**
     * One label byte of a record.
     *
     * @param name how messages call it, e.g. "label" or "fine label"
     * @param classes its values run from 0 to {@code classes − 1}
     */
    record Label(String name, int classes) {}

    /** Image side of the CIFAR record layout. */
    static final int SIDE = 32;
    /** Bytes of the image of one record. */
    static final int IMAGE_BYTES = ImageSet.CHANNELS * SIDE * SIDE;

    private static final int CHUNK_RECORDS = 1024;

    private final String title;
    private final List<Label> labels;
    private final String refetchHint;

    /**
     * @param title the dataset in messages, e.g. "CIFAR-10"
     * @param labels the label bytes at the start of each record, in order
     * @param refetchHint how to get the data again
     */
    LabelledRecords(String title, List<Label> labels, String refetchHint) {
        this.title = title;
        this.labels = List.copyOf(labels);
        this.refetchHint = refetchHint;
    }

    /** @return bytes per record: the label bytes, then the image */
    int recordBytes() {
        return labels.size() + IMAGE_BYTES;
    }

    /**
     * Checks that {@code dir} is a directory holding every file in {@code names}.
     *
     * @param noun how messages call such a file, e.g. "batch file"
     * @throws BadInputException naming the directory or the first missing file
     */
    void requireFiles(Path dir, List<String> names, String noun) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(
                    title + " directory " + dir
                            + (Files.exists(dir) ? " is not a directory" : " does not exist")
                            + ": " + refetchHint);
        }
        for (String name : names) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new BadInputException(
                        title + " " + noun + " " + name + " is missing from " + dir
                                + ": delete that directory and " + refetchHint);
            }
        }
    }

    /**
     * Reads the files in order into one set labelled by label byte {@code keep}.
     *
     * @param recordsPerFile records each file must hold
     * @throws BadInputException if a file has the wrong size or a label byte is out of range
     */
    ImageSet read(Path dir, List<String> names, int recordsPerFile, int keep) {
        if (recordsPerFile < 1) {
            throw new IllegalArgumentException(
                    "recordsPerFile must be positive: " + recordsPerFile);
        }
        int n = Math.multiplyExact(names.size(), recordsPerFile);
        byte[] pixels = new byte[Math.multiplyExact(n, IMAGE_BYTES)];
        int[] kept = new int[n];
        for (int f = 0; f < names.size(); f++) {
            Path file = dir.resolve(names.get(f));
            readFile(file, dir, recordsPerFile, f * recordsPerFile, pixels, kept, keep);
        }
        return ImageSet.of(
                new ArrayPixelStore(pixels, IMAGE_BYTES), kept, SIDE, labels.get(keep).classes());
    }

    /** Streams one file in chunks after checking its size, so a huge file is never loaded. */
    private void readFile(
            Path file, Path dir, int records, int first, byte[] pixels, int[] kept, int keep) {
        int recordBytes = recordBytes();
        long expected = (long) records * recordBytes;
        try {
            long actual = Files.size(file);
            if (actual != expected) {
                throw new BadInputException(
                        title + " file " + file + " has " + actual + " bytes, expected " + expected
                                + ": truncated or corrupt: delete " + dir + " and " + refetchHint);
            }
            byte[] chunk = new byte[Math.min(records, CHUNK_RECORDS) * recordBytes];
            try (InputStream raw = Files.newInputStream(file);
                    DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
                for (int start = 0; start < records; start += CHUNK_RECORDS) {
                    int count = Math.min(CHUNK_RECORDS, records - start);
                    in.readFully(chunk, 0, count * recordBytes);
                    for (int r = 0; r < count; r++) {
                        int at = r * recordBytes;
                        checkLabels(chunk, at, file, start + r, dir);
                        kept[first + start + r] = Byte.toUnsignedInt(chunk[at + keep]);
                        System.arraycopy(
                                chunk,
                                at + labels.size(),
                                pixels,
                                (first + start + r) * IMAGE_BYTES,
                                IMAGE_BYTES);
                    }
                }
                if (in.read() != -1) {
                    throw changed(file);
                }
            } catch (EOFException e) {
                throw changed(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void checkLabels(byte[] chunk, int at, Path file, int record, Path dir) {
        for (int k = 0; k < labels.size(); k++) {
            Label label = labels.get(k);
            int value = Byte.toUnsignedInt(chunk[at + k]);
            if (value >= label.classes()) {
                throw new BadInputException(
                        title + " file " + file + " record " + record + " has " + label.name()
                                + " " + value + ", outside 0–" + (label.classes() - 1)
                                + " (corrupt file): delete " + dir + " and " + refetchHint);
            }
        }
    }

    private BadInputException changed(Path file) {
        return new BadInputException(
                title + " file " + file + " changed size while being read: " + refetchHint);
    }
}
