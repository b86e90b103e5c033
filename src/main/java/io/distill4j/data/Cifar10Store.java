package io.distill4j.data;

import static io.distill4j.data.Cifar10Binary.DIR_NAME;
import static io.distill4j.data.Cifar10Binary.REFETCH_HINT;

import io.distill4j.BadInputException;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local CIFAR-10 cache. A data directory holds the archive {@value #ARCHIVE_NAME} and the
 * extracted {@value Cifar10Binary#DIR_NAME} directory; data is downloaded, imported, verified
 * against the source's MD5 and extracted here, and an extracted directory only ever appears
 * complete.
 */
public final class Cifar10Store {
    /** File name of the archive in the data directory. */
    public static final String ARCHIVE_NAME = "cifar-10-binary.tar.gz";

    /** Environment variable naming the data directory. */
    public static final String DATA_DIR_ENV = "DISTILL4J_DATA";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    private static final int BUFFER_BYTES = 1 << 16;
    private static final String ENTRY_PREFIX = DIR_NAME + "/";

    /** Files taken from the archive: the batches plus the official archive's two small extras. */
    private static final Set<String> EXTRACTED_NAMES =
            Stream.concat(
                            Cifar10Binary.BATCH_FILES.stream(),
                            Stream.of("batches.meta.txt", "readme.html"))
                    .collect(Collectors.toUnmodifiableSet());

    private final Cifar10Source source;
    private final int recordsPerFile;

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
        this.source = source;
        this.recordsPerFile = recordsPerFile;
    }

    /**
     * @return {@code $DISTILL4J_DATA} if set, else {@code ~/.distill4j/data}
     */
    public static Path defaultDataDir() {
        return defaultDataDir(System.getenv(DATA_DIR_ENV), System.getProperty("user.home"));
    }

    static Path defaultDataDir(String envValue, String userHome) {
        return envValue != null && !envValue.isBlank()
                ? Path.of(envValue)
                : Path.of(userHome, ".distill4j", "data");
    }

    /**
     * Loads CIFAR-10 from {@code dir}: the extracted directory if present, else the archive
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
        Path batches = dir.resolve(DIR_NAME);
        if (Files.exists(batches)) {
            return Cifar10Binary.read(batches, recordsPerFile);
        }
        Path archive = dir.resolve(ARCHIVE_NAME);
        if (Files.exists(archive)) {
            checkMd5(archive, "archive " + archive, "delete it and " + REFETCH_HINT);
            return extract(archive, dir);
        }
        if (!allowDownload) {
            throw new BadInputException(
                    "no CIFAR-10 data in " + dir + ": run `distill data fetch` to download it, or "
                            + offlineHint(dir));
        }
        return extract(download(dir), dir);
    }

    /**
     * Downloads the archive into {@code dir}, showing progress on stderr, and checks its length and
     * MD5 before moving it into place as {@value #ARCHIVE_NAME}.
     *
     * @param dir the data directory (created if needed)
     * @return the archive's path
     * @throws BadInputException if the download fails, is truncated or has the wrong MD5
     * @throws IOException if the data directory cannot be written
     */
    public Path download(Path dir) throws IOException {
        createDataDir(dir);
        HttpResponse<InputStream> response = request(dir);
        long expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Path part = hiddenSibling(dir, ARCHIVE_NAME + ".part");
        try {
            MessageDigest md5 = newMd5();
            long received = 0;
            try (InputStream in = response.body();
                    OutputStream out = Files.newOutputStream(part);
                    ProgressBar bar = progressBar(expected)) {
                byte[] buf = new byte[BUFFER_BYTES];
                int n;
                while ((n = readBody(in, buf, received, expected, dir)) != -1) {
                    out.write(buf, 0, n);
                    md5.update(buf, 0, n);
                    received += n;
                    bar.stepBy(n);
                }
            }
            if (expected >= 0 && received != expected) {
                throw truncated(received, expected, null, dir);
            }
            String actual = HexFormat.of().formatHex(md5.digest());
            if (!actual.equals(source.md5())) {
                throw new BadInputException(
                        "downloaded " + source.url() + " has MD5 " + actual + ", expected "
                                + source.md5()
                                + " (corrupt or not the CIFAR-10 binary archive): run "
                                + "`distill data fetch` again, or " + offlineHint(dir));
            }
            Path archive = dir.resolve(ARCHIVE_NAME);
            move(part, archive);
            return archive;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Imports CIFAR-10 into {@code dir} from the official archive (MD5-verified, copied into the
     * data directory, then extracted) or from an extracted {@value Cifar10Binary#DIR_NAME}
     * directory (parsed, then copied), replacing any extracted data already there.
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
                    fileOrDir + " does not exist: give the path of " + ARCHIVE_NAME + " (from "
                            + source.url() + ") or of an extracted " + DIR_NAME + " directory");
        }
        createDataDir(dir);
        return Files.isDirectory(fileOrDir)
                ? importDirectory(fileOrDir, dir)
                : importArchive(fileOrDir, dir);
    }

    /**
     * @param dir the data directory
     * @return a printable, multi-line summary: where the data is, whether the archive is present
     *     and verified, whether the extracted data is present and valid, images per split and per
     *     class
     * @throws IOException if the archive cannot be read
     */
    public String info(Path dir) throws IOException {
        Path archive = dir.resolve(ARCHIVE_NAME);
        Path batches = dir.resolve(DIR_NAME);
        StringBuilder sb = new StringBuilder();
        sb.append("data directory: ").append(dir.toAbsolutePath()).append('\n');
        sb.append("archive:   ").append(archive).append(": ");
        boolean archiveOk = false;
        if (Files.isRegularFile(archive)) {
            String md5 = md5(archive);
            archiveOk = md5.equals(source.md5());
            sb.append("present, ")
                    .append(Files.size(archive))
                    .append(" bytes, ")
                    .append(
                            archiveOk
                                    ? "MD5 verified"
                                    : "MD5 " + md5 + " does not match " + source.md5()
                                            + " (corrupt: delete it)");
        } else {
            sb.append("absent");
        }
        sb.append('\n').append("extracted: ").append(batches).append(": ");
        Dataset data = null;
        if (Files.exists(batches)) {
            try {
                data = Cifar10Binary.read(batches, recordsPerFile);
                sb.append("present, valid");
            } catch (BadInputException e) {
                sb.append("INVALID: ").append(e.getMessage());
            }
        } else {
            sb.append("absent");
        }
        sb.append('\n');
        if (data != null) {
            appendCounts(sb, data);
        } else if (archiveOk) {
            sb.append("run `distill data fetch` to extract the archive\n");
        } else {
            sb.append("to get the data, run `distill data fetch`, or ")
                    .append(offlineHint(dir))
                    .append('\n');
        }
        return sb.toString();
    }

    private static void appendCounts(StringBuilder sb, Dataset data) {
        int[] train = classCounts(data.train());
        int[] test = classCounts(data.test());
        sb.append(
                String.format(
                        "images:    %d train, %d test%n", data.train().size(), data.test().size()));
        sb.append(String.format("%-12s %7s %7s%n", "class", "train", "test"));
        for (int c = 0; c < ImageSet.CLASSES; c++) {
            sb.append(String.format("%-12s %7d %7d%n", ImageSet.CLASS_NAMES[c], train[c], test[c]));
        }
    }

    private static int[] classCounts(ImageSet set) {
        int[] counts = new int[ImageSet.CLASSES];
        for (int i = 0; i < set.size(); i++) {
            counts[set.label(i)]++;
        }
        return counts;
    }

    private Dataset importArchive(Path file, Path dir) throws IOException {
        checkMd5(
                file,
                file.toString(),
                "it is not the CIFAR-10 binary archive or it is truncated; download it again from "
                        + source.url());
        Path archive = dir.resolve(ARCHIVE_NAME);
        if (!(Files.exists(archive) && Files.isSameFile(file, archive))) {
            Path part = hiddenSibling(dir, ARCHIVE_NAME + ".part");
            try {
                Files.copy(file, part);
                move(part, archive);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return extract(archive, dir);
    }

    private Dataset importDirectory(Path given, Path dir) throws IOException {
        Path batches = Files.isDirectory(given.resolve(DIR_NAME)) ? given.resolve(DIR_NAME) : given;
        Dataset data = Cifar10Binary.read(batches, recordsPerFile);
        Path target = dir.resolve(DIR_NAME);
        if (Files.exists(target) && Files.isSameFile(batches, target)) {
            return data;
        }
        Path staging = Files.createDirectory(hiddenSibling(dir, DIR_NAME));
        try {
            for (String name : EXTRACTED_NAMES) {
                if (Files.exists(batches.resolve(name))) {
                    Files.copy(batches.resolve(name), staging.resolve(name));
                }
            }
            install(staging, dir);
            return data;
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Extracts the batch files of {@code archive} into a staging directory inside {@code dir},
     * parses them and only then renames the staging directory into place.
     */
    private Dataset extract(Path archive, Path dir) throws IOException {
        Path staging = Files.createDirectory(hiddenSibling(dir, DIR_NAME));
        try {
            unpack(archive, staging);
            Dataset data;
            try {
                data = Cifar10Binary.read(staging, recordsPerFile);
            } catch (BadInputException e) {
                throw new BadInputException(
                        "archive " + archive + " holds corrupt CIFAR-10 data: delete it and "
                                + REFETCH_HINT,
                        e);
            }
            install(staging, dir);
            return data;
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Writes the expected regular files under {@value Cifar10Binary#DIR_NAME}/ into {@code
     * staging}.
     */
    private void unpack(Path archive, Path staging) throws IOException {
        Set<String> found = new HashSet<>();
        long batchBytes = (long) recordsPerFile * Cifar10Binary.RECORD_BYTES;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(openGzip(archive))) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar, archive)) != null) {
                String name = checkSafe(entry, archive);
                if (!entry.isFile() || !name.startsWith(ENTRY_PREFIX)) {
                    continue;
                }
                String base = name.substring(ENTRY_PREFIX.length());
                if (!EXTRACTED_NAMES.contains(base)) {
                    continue;
                }
                if (Cifar10Binary.BATCH_FILES.contains(base) && entry.getSize() != batchBytes) {
                    throw new BadInputException(
                            "archive " + archive + " entry " + name + " has " + entry.getSize()
                                    + " bytes, expected " + batchBytes
                                    + ": truncated or corrupt: delete it and " + REFETCH_HINT);
                }
                copyEntry(tar, staging.resolve(base), archive);
                found.add(base);
            }
        }
        for (String name : Cifar10Binary.BATCH_FILES) {
            if (!found.contains(name)) {
                throw new BadInputException(
                        "archive " + archive + " has no " + DIR_NAME + "/" + name
                                + ": it is not the CIFAR-10 binary archive; delete it and "
                                + REFETCH_HINT);
            }
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path archive) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw unreadable(archive, e);
        }
    }

    /** Opens the gzip stream; a damaged gzip header is bad input, not an I/O failure. */
    private static InputStream openGzip(Path archive) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER_BYTES);
        try {
            return new GzipCompressorInputStream(raw);
        } catch (IOException e) {
            raw.close();
            throw unreadable(archive, e);
        }
    }

    /**
     * Copies the current entry to {@code target}: errors reading the archive (corrupt or
     * truncated data) are bad input, errors writing {@code target} stay I/O errors.
     */
    private static void copyEntry(InputStream tar, Path target, Path archive) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[BUFFER_BYTES];
            int n;
            while ((n = readArchive(tar, buf, archive)) != -1) {
                out.write(buf, 0, n);
            }
        }
    }

    private static int readArchive(InputStream in, byte[] buf, Path archive) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw unreadable(archive, e);
        }
    }

    private static BadInputException unreadable(Path archive, IOException e) {
        String detail =
                e instanceof java.io.EOFException && e.getMessage() == null
                        ? "unexpected end of data"
                        : oneLine(e.getMessage());
        return new BadInputException(
                "cannot read " + archive + " as a .tar.gz archive (" + detail
                        + "): it is truncated or corrupt: delete it and " + REFETCH_HINT,
                e);
    }

    /** @return {@code s} with control characters (line breaks included) escaped */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints()
                .forEach(
                        c -> {
                            if (Character.isISOControl(c)) {
                                sb.append(String.format("\\u%04x", c));
                            } else {
                                sb.appendCodePoint(c);
                            }
                        });
        return sb.toString();
    }

    /**
     * @return the entry's name without a leading {@code ./}, if it is a safe file or directory
     */
    private String checkSafe(TarArchiveEntry entry, Path archive) {
        String name = entry.getName();
        String problem = null;
        if (entry.isSymbolicLink() || entry.isLink()) {
            problem = "is a link";
        } else if (!entry.isDirectory()
                && entry.getLinkFlag() != TarConstants.LF_NORMAL
                && entry.getLinkFlag() != TarConstants.LF_OLDNORM) {
            problem = "is not a regular file or directory";
        } else if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*")) {
            problem = "has an absolute path";
        } else if (List.of(name.split("/")).contains("..")) {
            problem = "points outside the archive";
        }
        if (problem != null) {
            throw new BadInputException(
                    "archive " + archive + " is unsafe: entry '" + printable(name) + "' " + problem
                            + "; it is not the CIFAR-10 archive: delete it and download "
                            + source.url());
        }
        return name.startsWith("./") ? name.substring(2) : name;
    }

    /** Renames {@code staging} to {@code dir}'s extracted directory, replacing an existing one. */
    private static void install(Path staging, Path dir) throws IOException {
        Path target = dir.resolve(DIR_NAME);
        Path old = null;
        if (Files.exists(target)) {
            old = hiddenSibling(dir, DIR_NAME + ".old");
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    /**
     * @return an unused hidden name in {@code dir} for staging {@code name}; unlike temp files it
     *     gets the usual permissions when created
     */
    private static Path hiddenSibling(Path dir, String name) {
        return dir.resolve("." + name + "." + UUID.randomUUID());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e)
                            throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    private static void createDataDir(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException(
                    "data directory " + dir + " is a file: pass another --data-dir or set "
                            + DATA_DIR_ENV);
        }
        Files.createDirectories(dir);
    }

    private HttpResponse<InputStream> request(Path dir) throws IOException {
        HttpClient client =
                HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
        HttpRequest request =
                HttpRequest.newBuilder(source.url()).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new BadInputException(
                    "download of " + source.url() + " failed (" + describe(e)
                            + "): check the network, or " + offlineHint(dir),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download of " + source.url() + " interrupted");
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new BadInputException(
                    "download of " + source.url() + " failed with HTTP status "
                            + response.statusCode() + ": " + offlineHint(dir));
        }
        return response;
    }

    private int readBody(InputStream in, byte[] buf, long received, long expected, Path dir) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw truncated(received, expected, e, dir);
        }
    }

    private BadInputException truncated(long received, long expected, IOException cause, Path dir) {
        return new BadInputException(
                "download of " + source.url() + " stopped after " + received + " of "
                        + (expected >= 0 ? expected : "?") + " bytes"
                        + (cause == null ? "" : " (connection lost: " + describe(cause) + ")")
                        + ": run `distill data fetch` again, or " + offlineHint(dir),
                cause);
    }

    private String offlineHint(Path dir) {
        return "download " + source.url() + " yourself and run `distill data import FILE`, or "
                + "place an extracted " + DIR_NAME + " directory in " + dir;
    }

    private String describe(IOException e) {
        String host = source.url().getHost();
        if (causedBy(e, UnresolvedAddressException.class, UnknownHostException.class)) {
            return "host " + host + " not found";
        }
        if (causedBy(e, HttpConnectTimeoutException.class)) {
            return "no connection to " + host + " within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (causedBy(e, HttpTimeoutException.class)) {
            return "no response within " + RESPONSE_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof ConnectException && e.getMessage() == null) {
            return "cannot connect to " + host + " (refused or unreachable)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
    }

    @SafeVarargs
    private static boolean causedBy(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String oneLine(String s) {
        return s == null ? "no detail" : s.replaceAll("\\s*\\R\\s*", " ");
    }

    private static ProgressBar progressBar(long total) {
        return new ProgressBarBuilder()
                .setTaskName("CIFAR-10")
                .setInitialMax(total)
                .setUnit("MiB", 1 << 20)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    private void checkMd5(Path file, String what, String fix) throws IOException {
        String actual = md5(file);
        if (!actual.equals(source.md5())) {
            throw new BadInputException(
                    what + " has MD5 " + actual + ", expected " + source.md5() + ": " + fix);
        }
    }

    private static String md5(Path file) throws IOException {
        MessageDigest md5 = newMd5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER_BYTES];
            for (int n; (n = in.read(buf)) != -1; ) {
                md5.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks MD5", e);
        }
    }
}
