package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.archive.Cifar10Binary;
import io.distill4j.data.archive.Cifar10Fixtures;
import io.distill4j.data.archive.Cifar10Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir Path root;
    private final Cli cli = new Cli();
    private final java.io.StringWriter out = cli.out;
    private final java.io.StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private void assertOneLineError(String... fragments) {
        cli.assertOneLineError(fragments);
    }

    @Test
    void infoOnEmptyDirectorySaysHowToGetData() {
        assertThat(run("data", "info", "--data-dir", root.toString())).isZero();

        assertThat(out.toString())
                .contains("data directory: " + root.toAbsolutePath())
                .contains("absent")
                .contains("`distill data fetch`")
                .contains("`distill data import FILE`");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void infoReportsInvalidExtractedData() throws IOException {
        Cifar10Fixtures.writeBatches(root.resolve(Cifar10Binary.DIR_NAME));

        assertThat(run("data", "info", "--data-dir", root.toString())).isZero();

        assertThat(out.toString()).contains("INVALID: ").contains("expected 30730000");
    }

    @Test
    void importOfMissingFileIsBadInput() {
        Path missing = root.resolve("nope.tar.gz");

        assertThat(
                        run(
                                "data",
                                "import",
                                missing.toString(),
                                "--data-dir",
                                root.resolve("d").toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);

        assertOneLineError(missing + " does not exist", "cifar-10-binary.tar.gz");
    }

    @Test
    void importOfWrongArchiveIsBadInput() throws IOException {
        Path file = Files.write(root.resolve("x.tar.gz"), new byte[] {1, 2, 3});

        assertThat(
                        run(
                                "data",
                                "import",
                                file.toString(),
                                "--data-dir",
                                root.resolve("d").toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);

        assertOneLineError("has MD5", "expected c32a1d4ab5d03f1284b67883e8d87530");
        assertThat(root.resolve("d").resolve(Cifar10Store.ARCHIVE_NAME)).doesNotExist();
    }

    @Test
    void fetchWithCorruptCachedArchiveIsBadInputWithoutNetwork() throws IOException {
        Files.write(root.resolve(Cifar10Store.ARCHIVE_NAME), new byte[] {1, 2, 3});

        assertThat(run("data", "fetch", "--data-dir", root.toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);

        assertOneLineError("has MD5", "delete it");
    }

    @Test
    void fetchIntoAFileIsBadInput() throws IOException {
        Path file = Files.writeString(root.resolve("file"), "x");

        assertThat(run("data", "fetch", "--data-dir", file.toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);

        assertOneLineError("data directory " + file + " is a file", "--data-dir");
    }

    @Test
    void dataWithoutSubcommandIsBadUsage() {
        assertThat(run("data")).isEqualTo(Main.EXIT_BAD_INPUT);

        assertThat(err.toString()).contains("name a subcommand: fetch, import FILE or info");
    }

    @Test
    void importWithoutFileIsBadUsage() {
        assertThat(run("data", "import")).isEqualTo(Main.EXIT_BAD_INPUT);

        assertThat(err.toString()).contains("FILE");
    }
}
