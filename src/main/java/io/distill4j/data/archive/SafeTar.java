package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts chosen files from a {@code .tar.gz} archive (read with Commons Compress) without
 * trusting it: an archive holding a link, a special file, an absolute path or a {@code ..} entry is
 * refused whole, only regular files named in advance are written, each into a directory the caller
 * chose, and a file's declared size is checked before its bytes are copied. Damaged gzip or tar data
 * is bad input; failures to write stay I/O errors.
 */
final class SafeTar {
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path archive;
    private final String unsafeAdvice;
    private final String refetchHint;

    /**
     * @param archive the {@code .tar.gz} file
     * @param unsafeAdvice what an unsafe-archive message ends with, e.g. "it is not the X archive:
     *     delete it and download URL"
     * @param refetchHint how to get the data again, e.g. "run `distill data fetch` …"
     */
    SafeTar(Path archive, String unsafeAdvice, String refetchHint) {
        this.archive = archive;
        this.unsafeAdvice = unsafeAdvice;
        this.refetchHint = refetchHint;
    }

    /**
     * Writes the regular files {@code dirName/NAME} of the archive whose NAME is a key of {@code
     * wanted} into {@code target}, checking the archive's every entry on the way.
     *
     * @param wanted file name → exact size in bytes, or -1 for "at most {@code sizeLimit}"
     * @return the names written
     * @throws BadInputException if the archive is unsafe, damaged, or a file has a wrong size
     */
    Set<String> extract(String dirName, Map<String, Long> wanted, long sizeLimit, Path target)
            throws IOException {
        String prefix = dirName + "/";
        Set<String> found = new HashSet<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(openGzip())) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                String name = checkSafe(entry);
                if (!entry.isFile() || !name.startsWith(prefix)) {
                    continue;
                }
                String base = name.substring(prefix.length());
                Long expected = wanted.get(base);
                if (expected == null) {
                    continue;
                }
                if (expected >= 0 ? entry.getSize() != expected : entry.getSize() > sizeLimit) {
                    throw new BadInputException(
                            "archive " + archive + " entry " + name + " has " + entry.getSize()
                                    + " bytes, expected " + (expected >= 0 ? "" : "at most ")
                                    + (expected >= 0 ? expected : sizeLimit)
                                    + ": truncated or corrupt: delete it and " + refetchHint);
                }
                copyEntry(tar, target.resolve(base));
                found.add(base);
            }
        }
        return found;
    }

    private TarArchiveEntry nextEntry(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Opens the gzip stream; a damaged gzip header is bad input, not an I/O failure. */
    private InputStream openGzip() throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER_BYTES);
        try {
            return new GzipCompressorInputStream(raw);
        } catch (IOException e) {
            raw.close();
            throw unreadable(e);
        }
    }

    /**
     * Copies the current entry to {@code target}: errors reading the archive (corrupt or truncated
     * data) are bad input, errors writing {@code target} stay I/O errors.
     */
    private void copyEntry(InputStream tar, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[BUFFER_BYTES];
            int n;
            while ((n = read(tar, buf)) != -1) {
                out.write(buf, 0, n);
            }
        }
    }

    private int read(InputStream in, byte[] buf) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private BadInputException unreadable(IOException e) {
        String detail =
                e instanceof EOFException && e.getMessage() == null
                        ? "unexpected end of data"
                        : oneLine(e.getMessage());
        return new BadInputException(
                "cannot read " + archive + " as a .tar.gz archive (" + detail
                        + "): it is truncated or corrupt: delete it and " + refetchHint,
                e);
    }

    /** @return the entry's name without a leading {@code ./}, if it is a safe file or directory */
    private String checkSafe(TarArchiveEntry entry) {
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
                            + "; " + unsafeAdvice);
        }
        return name.startsWith("./") ? name.substring(2) : name;
    }

    /** @return {@code s} with control characters (line breaks included) escaped */
    static String printable(String s) {
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

    /** @return {@code s} on one line; "no detail" for {@code null} */
    static String oneLine(String s) {
        return s == null ? "no detail" : s.replaceAll("\\s*\\R\\s*", " ");
    }
}
