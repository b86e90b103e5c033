package io.distill4j.data.archive;

import io.distill4j.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Tiny CIFAR-100-shaped directories and {@code cifar-100-binary.tar.gz} archives for tests:
 * {@value #TRAIN} training and {@value #TEST} test records, and the two names files.
 */
public final class Cifar100Fixtures {
    /** Records in the tiny {@code train.bin}. */
    public static final int TRAIN = 5;
    /** Records in the tiny {@code test.bin}. */
    public static final int TEST = 3;

    private Cifar100Fixtures() {}

    /** Coarse label of record {@code r} of file {@code f} (0 train, 1 test): 0–19. */
    public static int coarse(int f, int r) {
        return (f * 7 + r * 19) % 20;
    }

    /** Fine label of record {@code r} of file {@code f}: 0–99, 99 for the first train record. */
    public static int fine(int f, int r) {
        return (99 + f * 31 + r * 37) % 100;
    }

    /** First pixel byte of record {@code r} of file {@code f}; the rest are its complement. */
    public static byte firstPixel(int f, int r) {
        return (byte) (50 + f * 10 + r);
    }

    /** @return the tiny {@code train.bin} ({@code f} = 0) or {@code test.bin} ({@code f} = 1) */
    public static byte[] records(int f) {
        int n = f == 0 ? TRAIN : TEST;
        byte[] data = new byte[n * Cifar100Binary.RECORD_BYTES];
        for (int r = 0; r < n; r++) {
            int at = r * Cifar100Binary.RECORD_BYTES;
            data[at] = (byte) coarse(f, r);
            data[at + 1] = (byte) fine(f, r);
            data[at + 2] = firstPixel(f, r);
            for (int p = 3; p < Cifar100Binary.RECORD_BYTES; p++) {
                data[at + p] = (byte) ~firstPixel(f, r);
            }
        }
        return data;
    }

    /** @return the name of class {@code c} in the fixtures' fine or coarse names file */
    public static String name(Cifar100Labels labels, int c) {
        return (labels == Cifar100Labels.FINE ? "fine_" : "coarse_") + c;
    }

    /** @return a names file of {@code count} names, with the official files' trailing blank line */
    public static byte[] namesFile(Cifar100Labels labels, int count) {
        return IntStream.range(0, count)
                .mapToObj(c -> name(labels, c) + "\n")
                .collect(Collectors.joining("", "", "\n"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @return the extracted directory's four files by name, valid for the tiny record counts */
    public static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Cifar100Binary.TRAIN_FILE, records(0));
        files.put(Cifar100Binary.TEST_FILE, records(1));
        for (Cifar100Labels labels : Cifar100Labels.values()) {
            files.put(labels.namesFile(), namesFile(labels, labels.classes()));
        }
        return files;
    }

    /** Writes the files into {@code dir} (created). */
    public static Path write(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    /** @return entries for {@code files} under {@code cifar-100-binary/}, in order */
    public static Map<TarArchiveEntry, byte[]> entries(Map<String, byte[]> files) {
        Map<TarArchiveEntry, byte[]> entries = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String name = Cifar100Binary.DIR_NAME + "/" + e.getKey();
            entries.put(Cifar10Fixtures.file(name, e.getValue().length), e.getValue());
        }
        return entries;
    }

    /**
     * @param extras entries written before the good ones (files get zero bytes of their size)
     * @return a .tar.gz laid out like the official archive, with the tiny files
     */
    public static byte[] archive(TarArchiveEntry... extras) {
        Map<TarArchiveEntry, byte[]> entries = new LinkedHashMap<>();
        for (TarArchiveEntry extra : extras) {
            entries.put(extra, extra.isFile() ? new byte[(int) extra.getSize()] : null);
        }
        entries.put(new TarArchiveEntry(Cifar100Binary.DIR_NAME + "/"), null);
        entries.putAll(entries(files()));
        return Cifar10Fixtures.tarGz(entries);
    }

    /** Reads {@code dir} with the tiny record counts. */
    public static Dataset read(Path dir, Cifar100Labels labels) {
        return Cifar100Binary.read(dir, labels, TRAIN, TEST);
    }
}
