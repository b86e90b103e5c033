package io.distill4j.data.archive;

import io.distill4j.BadInputException;
import io.distill4j.data.DataCache;
import io.distill4j.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * Downloads an archive over HTTP(S) into the data directory, reporting progress in MB. The
 * bytes go to a hidden {@code .part} file while their MD5 is computed; the file is moved into place
 * only when its length and MD5 are right, and deleted otherwise. A download that stops starts
 * again from the beginning next time.
 */
final class Download {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    private static final int BUFFER_BYTES = 1 << 16;

    private static final long MB = 1_000_000;

    private final ArchiveSpec spec;
    private final URI url;
    private final Progress progress;

    /**
     * @param spec the archive: its address, MD5, file name and the wording of messages
     * @param progress where the download says how far it is
     */
    Download(ArchiveSpec spec, Progress progress) {
        this.spec = spec;
        this.url = spec.url();
        this.progress = progress;
    }

    /**
     * @param dir the data directory (created if needed)
     * @return the archive, verified, as {@code dir/}{@link ArchiveSpec#archiveName()}
     * @throws BadInputException if the download fails, is truncated or has the wrong MD5
     * @throws IOException if the data directory cannot be written
     */
    Path into(Path dir) throws IOException {
        DataCache.create(dir);
        HttpResponse<InputStream> response = request(dir);
        long expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Path part = DataCache.hiddenSibling(dir, spec.archiveName() + ".part");
        try {
            MessageDigest md5 = Checksum.newMd5();
            long received = 0;
            try (InputStream in = response.body();
                    OutputStream out = Files.newOutputStream(part);
                    Progress.Task task = progress.start("downloading " + spec.title(),
                            expected > 0 ? (expected + MB - 1) / MB : 0, "MB")) {
                byte[] buf = new byte[BUFFER_BYTES];
                int n;
                while ((n = readBody(in, buf, received, expected, dir)) != -1) {
                    out.write(buf, 0, n);
                    md5.update(buf, 0, n);
                    // whole megabytes as they complete
                    task.advance((received + n) / MB - received / MB);
                    received += n;
                }
            }
            if (expected >= 0 && received != expected) {
                throw truncated(received, expected, null, dir);
            }
            String actual = Checksum.hex(md5);
            if (!actual.equals(spec.md5())) {
                throw new BadInputException(
                        "downloaded " + url + " has MD5 " + actual + ", expected " + spec.md5()
                                + " (corrupt or not the " + spec.title() + " binary archive): run `"
                                + spec.fetchCommand() + "` again, or " + spec.offlineHint(dir));
            }
            Path archive = dir.resolve(spec.archiveName());
            DataCache.move(part, archive);
            return archive;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private HttpResponse<InputStream> request(Path dir) throws IOException {
        HttpClient client =
                HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new BadInputException(
                    "download of " + url + " failed (" + describe(e) + "): check the network, or "
                            + spec.offlineHint(dir),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download of " + url + " interrupted");
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new BadInputException(
                    "download of " + url + " failed with HTTP status " + response.statusCode()
                            + ": " + spec.offlineHint(dir));
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
                "download of " + url + " stopped after " + received + " of "
                        + (expected >= 0 ? expected : "?") + " bytes"
                        + (cause == null ? "" : " (connection lost: " + describe(cause) + ")")
                        + ": run `" + spec.fetchCommand() + "` again, or " + spec.offlineHint(dir),
                cause);
    }

    private String describe(IOException e) {
        String host = url.getHost();
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
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : SafeTar.oneLine(e.getMessage());
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
}
