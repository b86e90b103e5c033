package io.distill4j.data.archive;

import java.net.URI;
import java.util.Objects;

/**
 * Where the CIFAR-10 binary archive comes from and the MD5 it must have.
 *
 * @param url address of the {@code .tar.gz} archive
 * @param md5 expected MD5 of the archive, 32 hex digits (stored lower case)
 */
public record Cifar10Source(URI url, String md5) {
    /** The official archive from the University of Toronto. */
    public static final Cifar10Source OFFICIAL =
            new Cifar10Source(
                    URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
                    "c32a1d4ab5d03f1284b67883e8d87530");

    /** Checks the MD5 format. */
    public Cifar10Source {
        Objects.requireNonNull(url, "url");
        md5 = Checksum.requireMd5(md5);
    }
}
