package io.distill4j.data.archive;

import static io.distill4j.data.archive.Cifar10BinaryTest.assertBadInput;
import static io.distill4j.data.archive.Cifar10Fixtures.RECORDS;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.Dataset;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(20)
class Cifar10StoreTest extends LocalArchiveTest {
    private static final byte[] ARCHIVE = Cifar10Fixtures.archive();
    private static final String ARCHIVE_MD5 = Cifar10Fixtures.md5(ARCHIVE);

    /** Serves {@code body} at {@code path}, announcing {@code contentLength} bytes. */
    private Cifar10Source serve(String path, byte[] body, long contentLength, String md5) {
        return new Cifar10Source(server.serve(path, body, contentLength), md5);
    }

    private static Cifar10Source source(int port, String path, String md5) {
        return new Cifar10Source(URI.create("http://127.0.0.1:" + port + path), md5);
    }

    /** A source that must not be contacted. */
    private static Cifar10Source offline(String md5) {
        return source(1, "/unused", md5);
    }

    private static Cifar10Store store(Cifar10Source source) {
        return new Cifar10Store(source, RECORDS);
    }

    /** Imports {@code archive} with its own MD5 injected, as if it were the official one. */
    private Dataset importTrusted(byte[] archive) throws IOException {
        Path file = Files.write(root.resolve("given.tar.gz"), archive);
        return store(offline(Cifar10Fixtures.md5(archive))).importFrom(file, dataDir);
    }

    @Test
    void downloadsVerifiesExtractsThenReusesCacheWithoutNetwork() throws IOException {
        Cifar10Store store = store(serve("/c.tar.gz", ARCHIVE, ARCHIVE.length, ARCHIVE_MD5));

        Dataset data = store.load(dataDir, true);

        assertThat(data.train().size()).isEqualTo(5 * RECORDS);
        assertThat(server.hits()).hasValue(1);
        assertThat(dataDirListing())
                .containsExactlyInAnyOrder(Cifar10Store.ARCHIVE_NAME, Cifar10Binary.DIR_NAME);
        assertThat(Files.readAllBytes(dataDir.resolve(Cifar10Store.ARCHIVE_NAME)))
                .isEqualTo(ARCHIVE);

        server.close();
        assertThat(store.load(dataDir, true)).isEqualTo(data);
        deleteExtracted();
        assertThat(store.load(dataDir, false)).isEqualTo(data);
        assertThat(server.hits()).hasValue(1);
    }

    @Test
    void downloadWithWrongChecksumIsRejectedAndDeleted() throws IOException {
        String wrong = "0123456789abcdef0123456789abcdef";
        Cifar10Store store = store(serve("/c.tar.gz", ARCHIVE, ARCHIVE.length, wrong));

        assertBadInput(() -> store.load(dataDir, true))
                .hasMessageContaining("has MD5 " + ARCHIVE_MD5 + ", expected " + wrong)
                .hasMessageContaining("distill data import FILE");
        assertThat(dataDirListing()).isEmpty();
    }

    @Test
    void truncatedDownloadIsRejectedAndDeleted() throws IOException {
        long announced = ARCHIVE.length + 1000L;
        Cifar10Store store = store(serve("/c.tar.gz", ARCHIVE, announced, ARCHIVE_MD5));

        assertBadInput(() -> store.download(dataDir))
                .hasMessageContaining("stopped after")
                .hasMessageContaining(" of " + announced + " bytes")
                .hasMessageContaining("`distill data fetch` again");
        assertThat(dataDirListing()).isEmpty();
    }

    @Test
    void httpErrorIsReported() {
        Cifar10Store store = store(new Cifar10Source(server.url("/missing"), ARCHIVE_MD5));

        assertBadInput(() -> store.download(dataDir)).hasMessageContaining("HTTP status 404");
    }

    @Test
    void refusedConnectionExplainsHowToSupplyDataOffline() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Cifar10Source source = source(port, "/c.tar.gz", ARCHIVE_MD5);

        assertBadInput(() -> store(source).load(dataDir, true))
                .hasMessageContaining("download of " + source.url() + " failed")
                .hasMessageContaining("run `distill data import FILE`")
                .hasMessageContaining(
                        "place an extracted cifar-10-batches-bin directory in " + dataDir);
        assertThat(dataDirListing()).isEmpty();
    }

    @Test
    void withoutDataOrDownloadExplainsEveryWayToSupplyIt() {
        assertBadInput(() -> new Cifar10Store().load(dataDir, false))
                .hasMessageContaining("no CIFAR-10 data in " + dataDir)
                .hasMessageContaining("`distill data fetch`")
                .hasMessageContaining("`distill data import FILE`")
                .hasMessageContaining(Cifar10Source.OFFICIAL.url().toString())
                .hasMessageContaining("cifar-10-batches-bin directory in " + dataDir);
    }

    @Test
    void corruptCachedArchiveIsReported() throws IOException {
        Files.createDirectories(dataDir);
        Files.write(dataDir.resolve(Cifar10Store.ARCHIVE_NAME), Arrays.copyOf(ARCHIVE, 100));

        assertBadInput(() -> store(offline(ARCHIVE_MD5)).load(dataDir, false))
                .hasMessageContaining("has MD5")
                .hasMessageContaining("expected " + ARCHIVE_MD5)
                .hasMessageContaining("delete it");
        assertThat(dataDirListing()).containsExactly(Cifar10Store.ARCHIVE_NAME);
    }

    static Stream<Arguments> unsafeEntries() {
        return Cifar10Fixtures.unsafeEntries(Cifar10Binary.DIR_NAME);
    }

    @ParameterizedTest
    @MethodSource("unsafeEntries")
    void unsafeArchiveEntryIsRejectedAndNothingIsWritten(TarArchiveEntry evil, String problem)
            throws IOException {
        byte[] archive = Cifar10Fixtures.archive(evil);

        assertBadInput(() -> importTrusted(archive))
                .hasMessageContaining("entry '" + evil.getName() + "' " + problem)
                .hasMessageContaining("not the CIFAR-10 archive");
        assertThat(root.resolve("evil")).doesNotExist();
        assertThat(dataDirListing()).containsExactly(Cifar10Store.ARCHIVE_NAME);
    }

    @Test
    void archiveLackingABatchOrWithAWrongSizedOneIsRejected() throws IOException {
        Map<TarArchiveEntry, byte[]> entries = Cifar10Fixtures.batchEntries();
        entries.keySet().removeIf(e -> e.getName().endsWith(Cifar10Binary.TEST_FILE));
        byte[] lacking = Cifar10Fixtures.tarGz(entries);
        String testEntry = Cifar10Binary.DIR_NAME + "/" + Cifar10Binary.TEST_FILE;
        entries.put(Cifar10Fixtures.file(testEntry, 5), new byte[5]);
        byte[] wrongSize = Cifar10Fixtures.tarGz(entries);

        assertBadInput(() -> importTrusted(lacking)).hasMessageContaining("has no " + testEntry);
        assertBadInput(() -> importTrusted(wrongSize))
                .hasMessageContaining("entry " + testEntry + " has 5 bytes, expected "
                        + RECORDS * Cifar10Binary.RECORD_BYTES);
        assertThat(dataDirListing()).containsExactly(Cifar10Store.ARCHIVE_NAME);
    }

    @Test
    void importsLocalArchiveWithoutNetwork() throws IOException {
        Path file = Files.write(root.resolve("cifar-10-binary.tar.gz"), ARCHIVE);

        Dataset data = store(offline(ARCHIVE_MD5)).importFrom(file, dataDir);

        assertThat(data)
                .isEqualTo(
                        Cifar10Binary.read(
                                Cifar10Fixtures.writeBatches(root.resolve("ref")), RECORDS));
        assertThat(dataDirListing())
                .containsExactlyInAnyOrder(Cifar10Store.ARCHIVE_NAME, Cifar10Binary.DIR_NAME);
        assertThat(dataDir.resolve(Cifar10Binary.DIR_NAME).resolve("batches.meta.txt")).exists();
    }

    @Test
    void importRejectsArchiveWithWrongChecksum() throws IOException {
        Path file = Files.write(root.resolve("other.tar.gz"), new byte[] {1, 2, 3});

        assertBadInput(() -> store(offline(ARCHIVE_MD5)).importFrom(file, dataDir))
                .hasMessageContaining(
                        file + " has MD5 " + Cifar10Fixtures.md5(new byte[] {1, 2, 3}))
                .hasMessageContaining("expected " + ARCHIVE_MD5)
                .hasMessageContaining("not the CIFAR-10 binary archive");
        assertThat(dataDirListing()).isEmpty();
    }

    @Test
    void importsExtractedDirectoryOrItsParentReplacingExistingData() throws IOException {
        Path batches =
                Cifar10Fixtures.writeBatches(root.resolve("src").resolve(Cifar10Binary.DIR_NAME));
        Cifar10Store store = store(offline(ARCHIVE_MD5));

        Dataset first = store.importFrom(batches, dataDir);
        Dataset second = store.importFrom(root.resolve("src"), dataDir);

        assertThat(second).isEqualTo(first);
        assertThat(store.load(dataDir, false)).isEqualTo(first);
        assertThat(dataDirListing()).containsExactly(Cifar10Binary.DIR_NAME);
        assertThat(store.importFrom(dataDir.resolve(Cifar10Binary.DIR_NAME), dataDir))
                .isEqualTo(first);
    }

    @Test
    void importRejectsInvalidDirectoryAndMissingPath() throws IOException {
        Path batches = Cifar10Fixtures.writeBatches(root.resolve("src"));
        Files.delete(batches.resolve("data_batch_2.bin"));
        Cifar10Store store = store(offline(ARCHIVE_MD5));

        assertBadInput(() -> store.importFrom(batches, dataDir))
                .hasMessageContaining("data_batch_2.bin is missing");
        assertBadInput(() -> store.importFrom(root.resolve("nope"), dataDir))
                .hasMessageContaining(root.resolve("nope") + " does not exist")
                .hasMessageContaining("cifar-10-binary.tar.gz");
        assertThat(dataDirListing()).isEmpty();
    }

    @Test
    void infoDescribesAbsentAndPresentData() throws IOException {
        Cifar10Store store = store(offline(ARCHIVE_MD5));
        assertThat(store.info(dataDir))
                .contains("data directory: " + dataDir.toAbsolutePath())
                .contains("absent")
                .contains("`distill data fetch`");

        store.importFrom(Files.write(root.resolve("a.tar.gz"), ARCHIVE), dataDir);
        String info = store.info(dataDir);

        assertThat(info)
                .contains(ARCHIVE.length + " bytes, MD5 verified")
                .contains("present, valid")
                .contains("images:    15 train, 3 test");
        // Labels run 0..9, 0..4 in training and 5, 6, 7 in test.
        assertThat(info).containsPattern("airplane +2 +0\\R").containsPattern("horse +1 +1\\R");
    }

    @Test
    void infoReportsInvalidExtractedData() throws IOException {
        Cifar10Fixtures.writeBatches(dataDir.resolve(Cifar10Binary.DIR_NAME));

        assertThat(new Cifar10Store().info(dataDir))
                .contains("INVALID: ")
                .contains("expected 30730000");
    }

    @Test
    void defaultDataDirFollowsEnvironment() {
        assertThat(Cifar10Store.defaultDataDir("/srv/cifar", "/home/u"))
                .isEqualTo(Path.of("/srv/cifar"));
        assertThat(Cifar10Store.defaultDataDir(null, "/home/u"))
                .isEqualTo(Path.of("/home/u/.distill4j/data"));
        assertThat(Cifar10Store.defaultDataDir(" ", "/home/u"))
                .isEqualTo(Path.of("/home/u/.distill4j/data"));
    }

    private void deleteExtracted() throws IOException {
        Path batches = dataDir.resolve(Cifar10Binary.DIR_NAME);
        try (Stream<Path> files = Files.list(batches)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(batches);
    }
}
