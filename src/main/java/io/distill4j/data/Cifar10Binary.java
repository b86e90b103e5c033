package io.distill4j.data;

import io.distill4j.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Strict parser of the official CIFAR-10 binary layout: a directory {@value #DIR_NAME} holding
 * {@code data_batch_1.bin} … {@code data_batch_5.bin} and {@code test_batch.bin}, each exactly
 * 10,000 records of one label byte followed by 3,072 pixel bytes (CHW).
 */
public final class Cifar10Binary {
    /** Name of the directory the official archive extracts to. */
    public static final String DIR_NAME = "cifar-10-batches-bin";

    /** Training batch files, in order. */
    public static final List<String> TRAIN_FILES =
            List.of(
                    "data_batch_1.bin",
                    "data_batch_2.bin",
                    "data_batch_3.bin",
                    "data_batch_4.bin",
                    "data_batch_5.bin");

    /** Test batch file. */
    public static final String TEST_FILE = "test_batch.bin";

    /** All batch files: the training files, then the test file. */
    public static final List<String> BATCH_FILES =
            Stream.concat(TRAIN_FILES.stream(), Stream.of(TEST_FILE)).toList();

    /** Bytes per record: one label byte, then the image. */
    public static final int RECORD_BYTES = 1 + ImageSet.IMAGE_BYTES;

    /** Records in each official batch file. */
    public static final int RECORDS_PER_FILE = 10_000;

    static final String REFETCH_HINT = "run `distill data fetch` or `distill data import FILE`";

    private Cifar10Binary() {}

    /**
     * @param batchesDir a {@value #DIR_NAME} directory
     * @return dataset {@code cifar10}: 50,000 training and 10,000 test images
     * @throws BadInputException if the directory or a file is missing, has the wrong size or holds
     *     a label outside 0–9
     */
    public static Dataset read(Path batchesDir) {
        return read(batchesDir, RECORDS_PER_FILE);
    }

    /** As {@link #read(Path)} with another record count per file, so tests can use tiny files. */
    static Dataset read(Path batchesDir, int recordsPerFile) {
        if (recordsPerFile < 1) {
            throw new IllegalArgumentException(
                    "recordsPerFile must be positive: " + recordsPerFile);
        }
        if (!Files.isDirectory(batchesDir)) {
            throw new BadInputException(
                    "CIFAR-10 directory " + batchesDir
                            + (Files.exists(batchesDir) ? " is not a directory" : " does not exist")
                            + ": " + REFETCH_HINT);
        }
        for (String name : BATCH_FILES) {
            if (!Files.isRegularFile(batchesDir.resolve(name))) {
                throw new BadInputException(
                        "CIFAR-10 batch file " + name + " is missing from " + batchesDir
                                + ": delete that directory and " + REFETCH_HINT);
            }
        }
        ImageSet train = readFiles(batchesDir, TRAIN_FILES, recordsPerFile);
        ImageSet test = readFiles(batchesDir, List.of(TEST_FILE), recordsPerFile);
        return new Dataset("cifar10", train, test);
    }

    private static ImageSet readFiles(Path dir, List<String> names, int recordsPerFile) {
        int n = names.size() * recordsPerFile;
        byte[] pixels = new byte[Math.multiplyExact(n, ImageSet.IMAGE_BYTES)];
        byte[] labels = new byte[n];
        for (int f = 0; f < names.size(); f++) {
            Path file = dir.resolve(names.get(f));
            byte[] data = readChecked(file, dir, recordsPerFile);
            int first = f * recordsPerFile;
            for (int r = 0; r < recordsPerFile; r++) {
                int at = r * RECORD_BYTES;
                byte label = data[at];
                if (label < 0 || label >= ImageSet.CLASSES) {
                    throw new BadInputException(
                            "CIFAR-10 file " + file + " record " + r + " has label "
                                    + Byte.toUnsignedInt(label)
                                    + ", outside 0–9 (corrupt file): delete " + dir + " and "
                                    + REFETCH_HINT);
                }
                labels[first + r] = label;
                System.arraycopy(
                        data,
                        at + 1,
                        pixels,
                        (first + r) * ImageSet.IMAGE_BYTES,
                        ImageSet.IMAGE_BYTES);
            }
        }
        return new ImageSet(pixels, labels);
    }

    /** Reads a whole batch file after checking its size, so a huge file is never loaded. */
    private static byte[] readChecked(Path file, Path dir, int recordsPerFile) {
        long expected = (long) recordsPerFile * RECORD_BYTES;
        try {
            long actual = Files.size(file);
            if (actual != expected) {
                throw new BadInputException(
                        "CIFAR-10 file " + file + " has " + actual + " bytes, expected " + expected
                                + ": truncated or corrupt: delete " + dir + " and " + REFETCH_HINT);
            }
            byte[] data = Files.readAllBytes(file);
            if (data.length != expected) {
                throw new BadInputException(
                        "CIFAR-10 file " + file + " changed size while being read: "
                                + REFETCH_HINT);
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
