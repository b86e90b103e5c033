package io.distill4j.data.images;

import io.distill4j.data.folder.FolderListing;
import io.distill4j.data.parquet.ParquetImages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 fingerprint of a dataset's files, which names and validates its decoded-image cache:
 * a kind line, the image size, whether the data has its own test tree, then one line per file
 * (relative path, length, modification time in milliseconds) and any further lines. Image folders
 * ({@link FolderListing#fingerprint}) and Parquet tables ({@link ParquetImages}) both use it.
 */
public final class Fingerprint {
    private final MessageDigest sha = io.distill4j.Hashes.sha256();
    private final StringBuilder text = new StringBuilder();

    /**
     * @param kind the first line, naming the kind of data and the fingerprint's version
     * @param imageSize the image side the cache holds
     * @param testTree whether the data has its own test tree (else the test set is split off)
     */
    public Fingerprint(String kind, int imageSize, boolean testTree) {
        text.append(kind).append('\n').append(imageSize).append('\n').append(testTree).append('\n');
    }

    /** Adds a file: its path relative to the data's root, its length and its modification time. */
    public Fingerprint file(String relative, long size, long modifiedMillis) {
        return line(relative + '\0' + size + '\0' + modifiedMillis);
    }

    /** Adds a line. */
    public Fingerprint line(String line) {
        text.append(line).append('\n');
        if (text.length() > 1 << 16) {
            sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
            text.setLength(0);
        }
        return this;
    }

    /** @return the fingerprint in hex (the object is spent) */
    public String hex() {
        sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }
}
