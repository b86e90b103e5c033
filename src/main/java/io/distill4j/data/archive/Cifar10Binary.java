package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Strict parser of the official CIFAR-10 binary layout: a directory {@value #DIR_NAME} holding
 * {@code data_batch_1.bin} … {@code data_batch_5.bin} and {@code test_batch.bin}, each exactly
 * 10,000 records of one label byte followed by 3,072 pixel bytes (CHW).
 */
public final class Cifar10Binary {
    /** File name of the official archive. */
    public static final String ARCHIVE_NAME = "cifar-10-binary.tar.gz";

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

    /** CIFAR-10 class names, in label order. */
    public static final List<String> CLASS_NAMES = List.of(ImageSet.CLASS_NAMES);

    /** Bytes per record: one label byte, then the image. */
    public static final int RECORD_BYTES = 1 + LabelledRecords.IMAGE_BYTES;

    /** Records in each official batch file. */
    public static final int RECORDS_PER_FILE = 10_000;

    static final String REFETCH_HINT = "run `distill data fetch` or `distill data import FILE`";

    private Cifar10Binary() {}

    /**
     * @param source where the archive comes from and its MD5
     * @param recordsPerFile records per batch file ({@value #RECORDS_PER_FILE}; fewer in tests)
     * @return the archive: six batch files of exact size, plus the official read-me and class
     *     names when present
     */
    static ArchiveSpec spec(Cifar10Source source, int recordsPerFile) {
        Map<String, Long> sized = new LinkedHashMap<>();
        for (String name : BATCH_FILES) {
            sized.put(name, (long) recordsPerFile * RECORD_BYTES);
        }
        return new ArchiveSpec(
                "CIFAR-10",
                source.url(),
                source.md5(),
                ARCHIVE_NAME,
                DIR_NAME,
                sized,
                List.of(),
                List.of("batches.meta.txt", "readme.html"),
                "");
    }

    /** As {@link #spec} with batch files of {@code recordsPerFile} records, read by this class. */
    static ArchiveStore store(Cifar10Source source, int recordsPerFile) {
        return new ArchiveStore(
                spec(source, recordsPerFile), "", dir -> read(dir, recordsPerFile));
    }

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
        LabelledRecords records =
                new LabelledRecords(
                        "CIFAR-10",
                        List.of(new LabelledRecords.Label("label", CLASS_NAMES.size())),
                        REFETCH_HINT);
        records.requireFiles(batchesDir, BATCH_FILES, "batch file");
        ImageSet train = records.read(batchesDir, TRAIN_FILES, recordsPerFile, 0);
        ImageSet test = records.read(batchesDir, List.of(TEST_FILE), recordsPerFile, 0);
        return new Dataset("cifar10", train, test, CLASS_NAMES);
    }
}
