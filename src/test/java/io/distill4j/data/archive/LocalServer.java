package io.distill4j.data.archive;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** An HTTP server on 127.0.0.1 that serves archives to download tests and counts requests. */
final class LocalServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    /**
     * Serves {@code body} at {@code path}, announcing {@code contentLength} bytes; closing after
     * too few bytes makes the server drop the connection.
     *
     * @return the address
     */
    URI serve(String path, byte[] body, long contentLength) {
        server.createContext(
                path,
                exchange -> {
                    hits.incrementAndGet();
                    exchange.sendResponseHeaders(200, contentLength);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                        out.flush();
                    }
                });
        return url(path);
    }

    /** @return the address of {@code path} on this server (404 unless served) */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** @return requests served so far */
    AtomicInteger hits() {
        return hits;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** @return the sorted names in {@code dir}; none if it does not exist */
    static List<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
