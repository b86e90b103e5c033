package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** MD5 checksums of downloaded and imported archives, as their publishers give them. */
public final class Checksum {
    private Checksum() {}

    /**
     * @param md5 an MD5 as hex digits, either case
     * @return it in lower case
     * @throws IllegalArgumentException if it is not 32 hex digits
     */
    public static String requireMd5(String md5) {
        String lower = md5.toLowerCase(Locale.ROOT);
        if (!lower.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("MD5 must be 32 hex digits: " + md5);
        }
        return lower;
    }

    /** @return the MD5 of the file's bytes, lower-case hex */
    static String md5(Path file) throws IOException {
        MessageDigest md5 = newMd5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return hex(md5);
    }

    /** @return the digest's value, lower-case hex */
    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Checks {@code file}'s MD5, leaving the file where it is.
     *
     * @param what how the message names the file
     * @param fix what the message tells the user to do
     * @throws BadInputException "{@code what} has MD5 …, expected …: {@code fix}" on a mismatch
     */
    static void verify(Path file, String expected, String what, String fix) throws IOException {
        expect(md5(file), expected, what, fix);
    }

    /** As {@link #verify} for an MD5 already computed, e.g. while downloading. */
    static void expect(String actual, String expected, String what, String fix) {
        if (!actual.equals(expected)) {
            throw new BadInputException(
                    what + " has MD5 " + actual + ", expected " + expected + ": " + fix);
        }
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks MD5", e);
        }
    }
}
