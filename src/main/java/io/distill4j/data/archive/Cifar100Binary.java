package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict parser of the official CIFAR-100 binary layout: a directory {@value #DIR_NAME} holding
 * {@value #TRAIN_FILE} ({@value #TRAIN_RECORDS} records) and {@value #TEST_FILE} ({@value
 * #TEST_RECORDS} records) of {@value #RECORD_BYTES} bytes each: a coarse label byte (0–19), a fine
 * label byte (0–99) and 3,072 pixel bytes (CHW, as CIFAR-10), plus the class names in {@code
 * fine_label_names.txt} and {@code coarse_label_names.txt}, one per line.
 */
public final class Cifar100Binary {
    /** Address of the official archive. */
    public static final URI URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz");

    /** MD5 of the official archive. */
    public static final String MD5 = "03b5dce01913d631647c71ecec9e9cb8";

    /** File name of the official archive. */
    public static final String ARCHIVE_NAME = "cifar-100-binary.tar.gz";

    /** Name of the directory the official archive extracts to. */
    public static final String DIR_NAME = "cifar-100-binary";

    /** Training records file. */
    public static final String TRAIN_FILE = "train.bin";

    /** Test records file. */
    public static final String TEST_FILE = "test.bin";

    /** Bytes per record: coarse label, fine label, then the image. */
    public static final int RECORD_BYTES = 2 + LabelledRecords.IMAGE_BYTES;

    /** Records in the official training file. */
    public static final int TRAIN_RECORDS = 50_000;

    /** Records in the official test file. */
    public static final int TEST_RECORDS = 10_000;

    /** The option the {@code data} commands need for this dataset. */
    static final String DATASET_OPTION = "--dataset cifar100";

    private static final String REFETCH_HINT =
            spec(URL, MD5, TRAIN_RECORDS, TEST_RECORDS).refetchHint();

    private Cifar100Binary() {}

    /** @return the store of the official archive, whose datasets use {@code labels} */
    public static ArchiveStore store(Cifar100Labels labels) {
        return store(URL, MD5, labels, TRAIN_RECORDS, TEST_RECORDS);
    }

    /**
     * A store of an archive from {@code url} with MD5 {@code md5} whose files hold the given record
     * counts, so tests can serve and use tiny archives.
     */
    static ArchiveStore store(
            URI url, String md5, Cifar100Labels labels, int trainRecords, int testRecords) {
        return new ArchiveStore(
                spec(url, md5, trainRecords, testRecords),
                labels.optionValue() + " labels",
                dir -> read(dir, labels, trainRecords, testRecords));
    }

    /**
     * @return the archive: the two record files of exact size and both names files
     */
    static ArchiveSpec spec(URI url, String md5, int trainRecords, int testRecords) {
        Map<String, Long> sized = new LinkedHashMap<>();
        sized.put(TRAIN_FILE, (long) trainRecords * RECORD_BYTES);
        sized.put(TEST_FILE, (long) testRecords * RECORD_BYTES);
        return new ArchiveSpec(
                "CIFAR-100",
                url,
                md5,
                ARCHIVE_NAME,
                DIR_NAME,
                sized,
                List.of(Cifar100Labels.FINE.namesFile(), Cifar100Labels.COARSE.namesFile()),
                List.of(),
                DATASET_OPTION);
    }

    /**
     * @param dir a {@value #DIR_NAME} directory
     * @param labels which label the dataset uses
     * @return dataset {@code cifar100}: 50,000 training and 10,000 test images, 100 fine or 20
     *     coarse classes with their names
     * @throws BadInputException if the directory or a file is missing, a file has the wrong size,
     *     a label byte is out of range (both are checked whichever is used) or a names file does not
     *     hold one distinct name per class
     */
    public static Dataset read(Path dir, Cifar100Labels labels) {
        return read(dir, labels, TRAIN_RECORDS, TEST_RECORDS);
    }

    /** As {@link #read(Path, Cifar100Labels)} with other record counts, for tiny test files. */
    static Dataset read(Path dir, Cifar100Labels labels, int trainRecords, int testRecords) {
        LabelledRecords records =
                new LabelledRecords(
                        "CIFAR-100",
                        List.of(
                                new LabelledRecords.Label(
                                        "coarse label", Cifar100Labels.COARSE.classes()),
                                new LabelledRecords.Label(
                                        "fine label", Cifar100Labels.FINE.classes())),
                        REFETCH_HINT);
        records.requireFiles(
                dir,
                List.of(
                        TRAIN_FILE,
                        TEST_FILE,
                        Cifar100Labels.FINE.namesFile(),
                        Cifar100Labels.COARSE.namesFile()),
                "file");
        String fix = "delete " + dir + " and " + REFETCH_HINT;
        Map<Cifar100Labels, List<String>> names = new EnumMap<>(Cifar100Labels.class);
        for (Cifar100Labels each : Cifar100Labels.values()) {
            names.put(each, ClassNamesFile.read(dir.resolve(each.namesFile()), each.classes(), fix));
        }
        ImageSet train = records.read(dir, List.of(TRAIN_FILE), trainRecords, labels.labelByte());
        ImageSet test = records.read(dir, List.of(TEST_FILE), testRecords, labels.labelByte());
        return new Dataset(
                "cifar100", train, test, names.get(labels), "cifar100:" + labels.optionValue());
    }
}
