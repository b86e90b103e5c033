package io.distill4j.data.archive;

import io.distill4j.data.ImageSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.params.provider.Arguments;

/** Tiny CIFAR-10-shaped batch files and archives for tests. */
public final class Cifar10Fixtures {
    /** Records per batch file in the tiny fixtures. */
    public static final int RECORDS = 3;

    private Cifar10Fixtures() {}

    /** Label of record {@code r} of batch file {@code f} (0–4 train, 5 test). */
    public static int label(int f, int r) {
        return (f * RECORDS + r) % ImageSet.CLASSES;
    }

    /**
     * First pixel byte of record {@code r} of batch file {@code f}; the rest are its complement.
     */
    public static byte firstPixel(int f, int r) {
        return (byte) (100 + f * RECORDS + r);
    }

    /**
     * @return the six batch files by name, {@code records} records each
     */
    public static Map<String, byte[]> batchFiles(int records) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int f = 0; f < Cifar10Binary.BATCH_FILES.size(); f++) {
            byte[] data = new byte[records * Cifar10Binary.RECORD_BYTES];
            for (int r = 0; r < records; r++) {
                int at = r * Cifar10Binary.RECORD_BYTES;
                data[at] = (byte) label(f, r);
                data[at + 1] = firstPixel(f, r);
                for (int p = 2; p < Cifar10Binary.RECORD_BYTES; p++) {
                    data[at + p] = (byte) ~firstPixel(f, r);
                }
            }
            files.put(Cifar10Binary.BATCH_FILES.get(f), data);
        }
        return files;
    }

    /** Writes {@link #RECORDS}-record batch files into {@code dir} (created). */
    public static Path writeBatches(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : batchFiles(RECORDS).entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    /** @return entries for the tiny batch files under {@code cifar-10-batches-bin/}, in order */
    public static Map<TarArchiveEntry, byte[]> batchEntries() {
        Map<TarArchiveEntry, byte[]> entries = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : batchFiles(RECORDS).entrySet()) {
            String name = Cifar10Binary.DIR_NAME + "/" + e.getKey();
            entries.put(file(name, e.getValue().length), e.getValue());
        }
        return entries;
    }

    /**
     * @param extras entries written before the good ones (files get zero bytes of their size)
     * @return a .tar.gz laid out like the official archive, with {@link #RECORDS}-record files
     */
    public static byte[] archive(TarArchiveEntry... extras) {
        Map<TarArchiveEntry, byte[]> entries = new LinkedHashMap<>();
        for (TarArchiveEntry extra : extras) {
            entries.put(extra, extra.isFile() ? new byte[(int) extra.getSize()] : null);
        }
        entries.put(new TarArchiveEntry(Cifar10Binary.DIR_NAME + "/"), null);
        entries.putAll(batchEntries());
        byte[] meta = "airplane\n".getBytes(StandardCharsets.US_ASCII);
        entries.put(file(Cifar10Binary.DIR_NAME + "/batches.meta.txt", meta.length), meta);
        return tarGz(entries);
    }

    /**
     * @param dir the directory the archive's data lies in
     * @return (entry, what the refusal must say) pairs for entries no archive may hold: paths out
     *     of the archive, absolute paths, symbolic and hard links
     */
    public static Stream<Arguments> unsafeEntries(String dir) {
        TarArchiveEntry symlink = new TarArchiveEntry(dir + "/link", TarConstants.LF_SYMLINK);
        symlink.setLinkName("/etc/passwd");
        TarArchiveEntry hardLink = new TarArchiveEntry(dir + "/x", TarConstants.LF_LINK);
        hardLink.setLinkName("../evil");
        return Stream.of(
                Arguments.of(file("../evil", 4), "points outside the archive"),
                Arguments.of(file(dir + "/../../evil", 4), "points outside"),
                Arguments.of(file("/tmp/evil", 4), "has an absolute path"),
                Arguments.of(symlink, "is a link"),
                Arguments.of(hardLink, "is a link"));
    }

    /** @return a regular-file entry named exactly {@code name} (kept even if absolute) */
    public static TarArchiveEntry file(String name, int size) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        return entry;
    }

    /** @return the entries as a .tar.gz, in order; a {@code null} content is a directory */
    public static byte[] tarGz(Map<TarArchiveEntry, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<TarArchiveEntry, byte[]> e : entries.entrySet()) {
                tar.putArchiveEntry(e.getKey());
                if (e.getValue() != null) {
                    tar.write(e.getValue());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @return the MD5 of {@code data} in lower-case hex */
    public static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
