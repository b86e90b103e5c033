package io.distill4j.data.archive;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What one dataset's published {@code .tar.gz} archive is: where it comes from, its MD5, the
 * directory it extracts to and the files taken from it, and the words the messages use for it.
 *
 * @param title name in messages, e.g. {@code CIFAR-10}
 * @param url address of the archive
 * @param md5 the archive's MD5 as published, 32 hex digits (stored lower case)
 * @param archiveName file name of the archive in the data directory
 * @param dirName the directory the archive extracts to, kept in the data directory
 * @param sizedFiles files that must be in that directory, with their exact sizes in bytes
 * @param smallFiles files that must be there too, of at most {@value #SMALL_FILE_LIMIT} bytes
 * @param optionalFiles files copied when present, of at most {@value #SMALL_FILE_LIMIT} bytes
 * @param datasetOption what the {@code data} commands need to name this dataset, e.g. {@code
 *     --dataset cifar100}; empty for the default dataset
 */
public record ArchiveSpec(
        String title,
        URI url,
        String md5,
        String archiveName,
        String dirName,
        Map<String, Long> sizedFiles,
        List<String> smallFiles,
        List<String> optionalFiles,
        String datasetOption) {
    /** Upper bound on the size of files other than the sized ones (names, read-me files). */
    public static final long SMALL_FILE_LIMIT = 1 << 20;

    /** Validates and copies. */
    public ArchiveSpec {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        md5 = Checksum.requireMd5(md5);
        sizedFiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sizedFiles));
        smallFiles = List.copyOf(smallFiles);
        optionalFiles = List.copyOf(optionalFiles);
        Objects.requireNonNull(datasetOption, "datasetOption");
    }

    /** @return the same archive, downloaded from {@code otherUrl} with MD5 {@code otherMd5} */
    public ArchiveSpec withSource(URI otherUrl, String otherMd5) {
        return new ArchiveSpec(
                title, otherUrl, otherMd5, archiveName, dirName, sizedFiles, smallFiles,
                optionalFiles, datasetOption);
    }

    /** @return the files that must be in the extracted directory, sized ones first */
    public List<String> requiredFiles() {
        return Stream.concat(sizedFiles.keySet().stream(), smallFiles.stream()).toList();
    }

    /** @return every file taken from the archive or an extracted directory */
    public List<String> extractedFiles() {
        return Stream.concat(requiredFiles().stream(), optionalFiles.stream()).toList();
    }

    /** @return the size the file must have, or -1 if it only has an upper bound */
    public long expectedSize(String file) {
        return sizedFiles.getOrDefault(file, -1L);
    }

    /** @return the command that downloads this dataset */
    public String fetchCommand() {
        return "distill data fetch" + suffix();
    }

    /** @return the command that imports this dataset from a file */
    public String importCommand() {
        return "distill data import" + suffix() + " FILE";
    }

    /** @return "run `fetch` or `import FILE`", the advice for data that must be replaced */
    public String refetchHint() {
        return "run `" + fetchCommand() + "` or `" + importCommand() + "`";
    }

    /** @return how to supply the data into {@code dir} without this program's download */
    public String offlineHint(Path dir) {
        return "download " + url + " yourself and run `" + importCommand() + "`, or place an "
                + "extracted " + dirName + " directory in " + dir;
    }

    private String suffix() {
        return datasetOption.isEmpty() ? "" : " " + datasetOption;
    }
}
