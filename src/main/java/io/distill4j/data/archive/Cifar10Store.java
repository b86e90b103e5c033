package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import io.distill4j.data.DataCache;
import io.distill4j.data.Dataset;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The local CIFAR-10 cache: the {@link ArchiveStore} of {@link Cifar10Binary#spec}. A data
 * directory holds the archive {@value #ARCHIVE_NAME} and the extracted {@value
 * Cifar10Binary#DIR_NAME} directory; data is downloaded, imported, verified against the source's
 * MD5 and extracted here, and an extracted directory only ever appears complete.
 */
public final class Cifar10Store {
    /** File name of the archive in the data directory. */
    public static final String ARCHIVE_NAME = Cifar10Binary.ARCHIVE_NAME;

    /** Environment variable naming the data directory. */
    public static final String DATA_DIR_ENV = DataCache.DATA_DIR_ENV;

    private final ArchiveStore store;

    /** A store for the {@linkplain Cifar10Source#OFFICIAL official} archive. */
    public Cifar10Store() {
        this(Cifar10Source.OFFICIAL);
    }

    /**
     * @param source where to download the archive from and the MD5 it must have
     */
    public Cifar10Store(Cifar10Source source) {
        this(source, Cifar10Binary.RECORDS_PER_FILE);
    }

    /**
     * A store whose batch files hold {@code recordsPerFile} records, so tests can use tiny ones.
     */
    Cifar10Store(Cifar10Source source, int recordsPerFile) {
        this.store = Cifar10Binary.store(source, recordsPerFile);
    }

    /** @return {@code $DISTILL4J_DATA} if set, else {@code ~/.distill4j/data} */
    public static Path defaultDataDir() {
        return DataCache.defaultDataDir();
    }

    static Path defaultDataDir(String envValue, String userHome) {
        return DataCache.defaultDataDir(envValue, userHome);
    }

    /** @return the generic store this one configures */
    public ArchiveStore archiveStore() {
        return store;
    }

    /**
     * See {@link ArchiveStore#load}.
     *
     * @throws BadInputException if there is no data and downloading is not allowed, or the data is
     *     corrupt, or the download fails
     */
    public Dataset load(Path dir, boolean allowDownload) throws IOException {
        return store.load(dir, allowDownload);
    }

    /**
     * See {@link ArchiveStore#download}.
     *
     * @throws BadInputException if the download fails, is truncated or has the wrong MD5
     */
    public Path download(Path dir) throws IOException {
        return store.download(dir);
    }

    /**
     * See {@link ArchiveStore#importFrom}.
     *
     * @throws BadInputException if the file is missing, not the official archive or corrupt
     */
    public Dataset importFrom(Path fileOrDir, Path dir) throws IOException {
        return store.importFrom(fileOrDir, dir);
    }

    /** See {@link ArchiveStore#info}. */
    public String info(Path dir) throws IOException {
        return store.info(dir);
    }

    static void deleteTree(Path root) throws IOException {
        io.distill4j.AtomicFiles.deleteTree(root);
    }
}
