package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import io.distill4j.data.DataCache;
import io.distill4j.data.Dataset;
import io.distill4j.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One dataset published as a {@code .tar.gz} archive, cached in a data directory: the archive
 * {@link ArchiveSpec#archiveName()} and its extracted directory {@link ArchiveSpec#dirName()}. Data
 * is downloaded ({@link Download}), imported, verified against the published MD5 ({@link
 * Checksum}), extracted without trusting the archive ({@link SafeTar}) into a staging directory,
 * parsed, and only then renamed into place ({@link DataCache}), so an extracted directory only ever
 * appears complete and valid.
 */
public final class ArchiveStore {
    private final ArchiveSpec spec;
    private final String variant;
    private final Function<Path, Dataset> reader;

    /**
     * @param spec the archive
     * @param variant how {@code reader} reads it, e.g. "coarse labels", for {@link #info}; may be
     *     empty
     * @param reader strict parser of an extracted directory; throws {@link BadInputException}
     */
    public ArchiveStore(ArchiveSpec spec, String variant, Function<Path, Dataset> reader) {
        this.spec = spec;
        this.variant = variant;
        this.reader = reader;
    }

    /** @return the archive this store holds */
    public ArchiveSpec spec() {
        return spec;
    }

    /**
     * Loads the dataset from {@code dir}: the extracted directory if present, else the archive
     * (MD5-verified, then extracted), else a download if allowed.
     *
     * @param dir the data directory
     * @param allowDownload whether to download the archive when the directory has no data
     * @return the dataset
     * @throws BadInputException if there is no data and downloading is not allowed, or the data is
     *     corrupt, or the download fails
     * @throws IOException if the data directory cannot be read or written
     */
    public Dataset load(Path dir, boolean allowDownload) throws IOException {
        return load(dir, allowDownload, Progress.console(System.err));
    }

    /**
     * {@link #load(Path, boolean)}, a download reporting to {@code progress}.
     *
     * @param dir the data directory
     * @param allowDownload whether to download the archive when the directory has no data
     * @param progress where a download says how far it is
     * @return the dataset
     * @throws IOException if the data directory cannot be read or written
     */
    public Dataset load(Path dir, boolean allowDownload, Progress progress) throws IOException {
        Path extracted = dir.resolve(spec.dirName());
        if (Files.exists(extracted)) {
            return reader.apply(extracted);
        }
        Path archive = dir.resolve(spec.archiveName());
        if (Files.exists(archive)) {
            Checksum.verify(
                    archive, spec.md5(), "archive " + archive, "delete it and "
                            + spec.refetchHint());
            return extract(archive, dir);
        }
        if (!allowDownload) {
            throw new BadInputException(
                    "no " + spec.title() + " data in " + dir + ": run `" + spec.fetchCommand()
                            + "` to download it, or " + spec.offlineHint(dir));
        }
        return extract(new Download(spec, progress).into(dir), dir);
    }

    /**
     * Downloads the archive into {@code dir}, showing progress on stderr, and checks its length and
     * MD5 before moving it into place.
     *
     * @param dir the data directory (created if needed)
     * @return the archive's path
     * @throws BadInputException if the download fails, is truncated or has the wrong MD5
     * @throws IOException if the data directory cannot be written
     */
    public Path download(Path dir) throws IOException {
        return new Download(spec, Progress.console(System.err)).into(dir);
    }

    /**
     * Imports the dataset into {@code dir} from the official archive (MD5-verified, copied into the
     * data directory, then extracted) or from an extracted directory (parsed, then copied),
     * replacing any extracted data already there.
     *
     * @param fileOrDir the archive, an extracted directory, or a directory containing one
     * @param dir the data directory (created if needed)
     * @return the imported dataset
     * @throws BadInputException if the file is missing, not the official archive or corrupt
     * @throws IOException if a file cannot be read or written
     */
    public Dataset importFrom(Path fileOrDir, Path dir) throws IOException {
        if (!Files.exists(fileOrDir)) {
            throw new BadInputException(
                    fileOrDir + " does not exist: give the path of " + spec.archiveName()
                            + " (from " + spec.url() + ") or of an extracted " + spec.dirName()
                            + " directory");
        }
        DataCache.create(dir);
        return Files.isDirectory(fileOrDir)
                ? importDirectory(fileOrDir, dir)
                : importArchive(fileOrDir, dir);
    }

    /**
     * @param dir the data directory
     * @return a printable, multi-line summary: where the data is and its size on disk, whether the
     *     archive is present and verified, whether the extracted data is present and valid, image
     *     size, images per split and per class
     * @throws IOException if the archive cannot be read
     */
    public String info(Path dir) throws IOException {
        return new ArchiveInfo(spec, reader).describe(dir, variant);
    }

    private Dataset importArchive(Path file, Path dir) throws IOException {
        Checksum.verify(
                file,
                spec.md5(),
                file.toString(),
                "it is not the " + spec.title() + " binary archive or it is truncated; download it"
                        + " again from " + spec.url());
        Path archive = dir.resolve(spec.archiveName());
        if (!(Files.exists(archive) && Files.isSameFile(file, archive))) {
            DataCache.copyInto(file, archive);
        }
        return extract(archive, dir);
    }

    private Dataset importDirectory(Path given, Path dir) throws IOException {
        Path extracted =
                Files.isDirectory(given.resolve(spec.dirName()))
                        ? given.resolve(spec.dirName())
                        : given;
        Dataset data = reader.apply(extracted);
        Path target = dir.resolve(spec.dirName());
        if (Files.exists(target) && Files.isSameFile(extracted, target)) {
            return data;
        }
        Path staging = DataCache.stagingDir(dir, spec.dirName());
        try {
            for (String name : spec.extractedFiles()) {
                if (Files.exists(extracted.resolve(name))) {
                    Files.copy(extracted.resolve(name), staging.resolve(name));
                }
            }
            DataCache.install(staging, dir, spec.dirName());
            return data;
        } finally {
            io.distill4j.AtomicFiles.deleteTree(staging);
        }
    }

    /**
     * Extracts the archive's files into a staging directory inside {@code dir}, parses them and
     * only then renames the staging directory into place.
     */
    private Dataset extract(Path archive, Path dir) throws IOException {
        Path staging = DataCache.stagingDir(dir, spec.dirName());
        try {
            unpack(archive, staging);
            Dataset data;
            try {
                data = reader.apply(staging);
            } catch (BadInputException e) {
                throw new BadInputException(
                        "archive " + archive + " holds corrupt " + spec.title()
                                + " data: delete it and " + spec.refetchHint(),
                        e);
            }
            DataCache.install(staging, dir, spec.dirName());
            return data;
        } finally {
            io.distill4j.AtomicFiles.deleteTree(staging);
        }
    }

    private void unpack(Path archive, Path staging) throws IOException {
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (String name : spec.extractedFiles()) {
            wanted.put(name, spec.expectedSize(name));
        }
        SafeTar tar =
                new SafeTar(
                        archive,
                        "it is not the " + spec.title() + " archive: delete it and download "
                                + spec.url(),
                        spec.refetchHint());
        var found = tar.extract(spec.dirName(), wanted, ArchiveSpec.SMALL_FILE_LIMIT, staging);
        for (String name : spec.requiredFiles()) {
            if (!found.contains(name)) {
                throw new BadInputException(
                        "archive " + archive + " has no " + spec.dirName() + "/" + name
                                + ": it is not the " + spec.title() + " binary archive; delete it"
                                + " and " + spec.refetchHint());
            }
        }
    }
}
