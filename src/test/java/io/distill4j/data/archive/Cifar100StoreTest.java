package io.distill4j.data.archive;

import static io.distill4j.data.archive.Cifar100Fixtures.TEST;
import static io.distill4j.data.archive.Cifar100Fixtures.TRAIN;
import static io.distill4j.data.archive.Cifar10BinaryTest.assertBadInput;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.Dataset;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CIFAR-100 through the shared archive mechanism: download, checksum, import, extraction. */
@Timeout(20)
class Cifar100StoreTest extends LocalArchiveTest {
    private static final byte[] ARCHIVE = Cifar100Fixtures.archive();
    private static final String ARCHIVE_MD5 = Cifar10Fixtures.md5(ARCHIVE);
    private static final String ARCHIVE_NAME = Cifar100Binary.ARCHIVE_NAME;
    private static final String DIR_NAME = Cifar100Binary.DIR_NAME;

    /** A store of the archive served at {@code path} on 127.0.0.1 that must have {@code md5}. */
    private ArchiveStore serve(String path, byte[] body, String md5, Cifar100Labels labels) {
        URI url = server.serve(path, body, body.length);
        return Cifar100Binary.store(url, md5, labels, TRAIN, TEST);
    }

    /** A store that must not contact any server. */
    private static ArchiveStore offline(String md5, Cifar100Labels labels) {
        return Cifar100Binary.store(URI.create("http://127.0.0.1:1/unused"), md5, labels, TRAIN, TEST);
    }

    @Test
    void downloadsVerifiesExtractsThenReusesCacheWithoutNetwork() throws IOException {
        ArchiveStore store = serve("/c100.tar.gz", ARCHIVE, ARCHIVE_MD5, Cifar100Labels.FINE);

        Dataset data = store.load(dataDir, true);

        assertThat(data.classCount()).isEqualTo(100);
        assertThat(data.train().size()).isEqualTo(TRAIN);
        assertThat(server.hits()).hasValue(1);
        assertThat(dataDirListing()).containsExactlyInAnyOrder(ARCHIVE_NAME, DIR_NAME);
        assertThat(Files.readAllBytes(dataDir.resolve(ARCHIVE_NAME))).isEqualTo(ARCHIVE);
        assertThat(dataDir.resolve(DIR_NAME).resolve("coarse_label_names.txt")).exists();

        server.close();
        assertThat(store.load(dataDir, false)).isEqualTo(data);
        Dataset coarse = offline(ARCHIVE_MD5, Cifar100Labels.COARSE).load(dataDir, false);
        assertThat(coarse.classCount()).isEqualTo(20);
        assertThat(coarse.train().pixels()).isEqualTo(data.train().pixels());
        assertThat(server.hits()).hasValue(1);
    }

    @Test
    void downloadWithWrongChecksumIsRejectedAndDeleted() throws IOException {
        String wrong = "0123456789abcdef0123456789abcdef";
        ArchiveStore store = serve("/c100.tar.gz", ARCHIVE, wrong, Cifar100Labels.FINE);

        assertBadInput(() -> store.load(dataDir, true))
                .hasMessageContaining("has MD5 " + ARCHIVE_MD5 + ", expected " + wrong)
                .hasMessageContaining("not the CIFAR-100 binary archive")
                .hasMessageContaining("`distill data fetch --dataset cifar100` again")
                .hasMessageContaining("`distill data import --dataset cifar100 FILE`");
        assertThat(dataDirListing()).isEmpty();
    }

    @Test
    void officialStoreExpectsThePublishedArchive() {
        ArchiveSpec spec = Cifar100Binary.store(Cifar100Labels.FINE).spec();

        assertThat(spec.url())
                .hasToString("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz");
        assertThat(spec.md5()).isEqualTo("03b5dce01913d631647c71ecec9e9cb8");
        assertThat(spec.sizedFiles())
                .containsExactly(
                        Map.entry("train.bin", 153_700_000L), Map.entry("test.bin", 30_740_000L));
        assertBadInput(() -> Cifar100Binary.store(Cifar100Labels.FINE).load(dataDir, false))
                .hasMessageContaining("no CIFAR-100 data in " + dataDir)
                .hasMessageContaining("`distill data fetch --dataset cifar100`")
                .hasMessageContaining("place an extracted cifar-100-binary directory in");
    }

    @Test
    void importsLocalArchiveAndExtractedDirectoryWithoutNetwork() throws IOException {
        Path file = Files.write(root.resolve(ARCHIVE_NAME), ARCHIVE);
        ArchiveStore store = offline(ARCHIVE_MD5, Cifar100Labels.FINE);

        Dataset fromArchive = store.importFrom(file, dataDir);
        Path extracted = Cifar100Fixtures.write(root.resolve("src").resolve(DIR_NAME),
                Cifar100Fixtures.files());
        Dataset fromDirectory = store.importFrom(root.resolve("src"), dataDir);

        assertThat(fromArchive)
                .isEqualTo(fromDirectory)
                .isEqualTo(Cifar100Fixtures.read(extracted, Cifar100Labels.FINE));
        assertThat(dataDirListing()).containsExactlyInAnyOrder(ARCHIVE_NAME, DIR_NAME);
    }

    @Test
    void importRejectsAnArchiveWithTheWrongChecksum() throws IOException {
        Path file = Files.write(root.resolve("x.tar.gz"), ARCHIVE);

        assertBadInput(() -> Cifar100Binary.store(Cifar100Labels.FINE).importFrom(file, dataDir))
                .hasMessageContaining(file + " has MD5 " + ARCHIVE_MD5)
                .hasMessageContaining("expected 03b5dce01913d631647c71ecec9e9cb8")
                .hasMessageContaining("not the CIFAR-100 binary archive");
        assertThat(dataDirListing()).isEmpty();
    }

    static Stream<Arguments> unsafeEntries() {
        return Cifar10Fixtures.unsafeEntries(Cifar100Binary.DIR_NAME);
    }

    @ParameterizedTest
    @MethodSource("unsafeEntries")
    void unsafeArchiveEntryIsRejectedAndNothingIsExtracted(TarArchiveEntry evil, String problem)
            throws IOException {
        byte[] archive = Cifar100Fixtures.archive(evil);
        Path file = Files.write(root.resolve("given.tar.gz"), archive);

        assertBadInput(
                        () ->
                                offline(Cifar10Fixtures.md5(archive), Cifar100Labels.FINE)
                                        .importFrom(file, dataDir))
                .hasMessageContaining("entry '" + evil.getName() + "' " + problem)
                .hasMessageContaining("not the CIFAR-100 archive");
        assertThat(root.resolve("evil")).doesNotExist();
        assertThat(dataDirListing()).containsExactly(ARCHIVE_NAME);
    }

    @Test
    void archiveLackingANamesFileOrWithACorruptOneIsRejected() throws IOException {
        Map<String, byte[]> files = Cifar100Fixtures.files();
        files.remove("fine_label_names.txt");
        byte[] lacking = Cifar10Fixtures.tarGz(Cifar100Fixtures.entries(files));
        files.put("fine_label_names.txt", Cifar100Fixtures.namesFile(Cifar100Labels.FINE, 98));
        byte[] shortNames = Cifar10Fixtures.tarGz(Cifar100Fixtures.entries(files));

        assertBadInput(() -> importTrusted(lacking))
                .hasMessageContaining("has no cifar-100-binary/fine_label_names.txt");
        assertBadInput(() -> importTrusted(shortNames))
                .hasMessageContaining("holds corrupt CIFAR-100 data: delete it and run");
        assertThat(dataDirListing()).containsExactly(ARCHIVE_NAME);
    }

    private Dataset importTrusted(byte[] archive) throws IOException {
        Path file = Files.write(root.resolve("given.tar.gz"), archive);
        return offline(Cifar10Fixtures.md5(archive), Cifar100Labels.FINE).importFrom(file, dataDir);
    }

    @Test
    void infoGivesClassesWithCountsImageSizeLocationAndSizeOnDisk() throws IOException {
        ArchiveStore coarse = offline(ARCHIVE_MD5, Cifar100Labels.COARSE);
        assertThat(coarse.info(dataDir))
                .contains("dataset:   CIFAR-100, coarse labels")
                .contains("on disk:   0.0 MB")
                .contains("run `distill data fetch --dataset cifar100`");

        coarse.importFrom(Files.write(root.resolve("a.tar.gz"), ARCHIVE), dataDir);
        String info = coarse.info(dataDir);

        long onDisk = ARCHIVE.length + (long) (TRAIN + TEST) * Cifar100Binary.RECORD_BYTES
                + Files.size(dataDir.resolve(DIR_NAME).resolve("fine_label_names.txt"))
                + Files.size(dataDir.resolve(DIR_NAME).resolve("coarse_label_names.txt"));
        assertThat(info)
                .contains("data directory: " + dataDir.toAbsolutePath())
                .contains(String.format(java.util.Locale.ROOT, "on disk:   %.1f MB", onDisk / 1e6))
                .contains("MD5 verified")
                .contains("images:    5 train, 3 test")
                .contains("image size: 32 × 32 pixels, 3 channels (RGB)")
                .contains("classes:   20");
        // Coarse labels of train records 0..4: 0, 19, 18, 17, 16; of test records: 7, 6, 5.
        assertThat(info)
                .containsPattern("coarse_0 +1 +0\\R")
                .containsPattern("coarse_19 +1 +0\\R")
                .containsPattern("coarse_7 +0 +1\\R")
                .containsPattern("coarse_1 +0 +0\\R");
        assertThat(info.lines().filter(l -> l.startsWith("coarse_"))).hasSize(20);
    }
}
