package io.distill4j.data.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What archive-store tests share: a temp root, a data directory in it, a local server. */
abstract class LocalArchiveTest {
    @TempDir Path root;
    Path dataDir;
    LocalServer server;

    @BeforeEach
    void startServer() throws IOException {
        dataDir = root.resolve("data");
        server = new LocalServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** @return the sorted names in the data directory; none if it does not exist */
    List<String> dataDirListing() throws IOException {
        return LocalServer.listing(dataDir);
    }
}
