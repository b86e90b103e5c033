package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.archive.Cifar100Binary;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill data … --dataset cifar100 [--labels …]} through picocli's {@code execute()}. */
class DataCommandCifar100Test {
    @TempDir Path root;
    private final Cli cli = new Cli();

    /**
     * Writes an extracted directory of official size cheaply: sparse zero-filled record files (all
     * labels 0) but for train record 1 (coarse 19, fine 99) and test record 0 (coarse 3, fine 42).
     */
    private Path fullSizeDirectory() throws IOException {
        Path dir = Files.createDirectories(root.resolve("src").resolve(Cifar100Binary.DIR_NAME));
        writeRecords(dir.resolve("train.bin"), Cifar100Binary.TRAIN_RECORDS, 1, 19, 99);
        writeRecords(dir.resolve("test.bin"), Cifar100Binary.TEST_RECORDS, 0, 3, 42);
        Files.writeString(dir.resolve("fine_label_names.txt"), names("fine", 100));
        Files.writeString(dir.resolve("coarse_label_names.txt"), names("super", 20));
        return dir;
    }

    private static void writeRecords(Path file, int records, int record, int coarse, int fine)
            throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength((long) records * Cifar100Binary.RECORD_BYTES);
            raf.seek((long) record * Cifar100Binary.RECORD_BYTES);
            raf.write(new byte[] {(byte) coarse, (byte) fine});
        }
    }

    private static String names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i + "\n").collect(Collectors.joining());
    }

    @Test
    void importsThenDescribesWithFineOrCoarseLabels() throws IOException {
        Path data = root.resolve("data");
        Path src = fullSizeDirectory();

        int rc = cli.run(
                "data", "import", "--dataset", "cifar100", src.toString(),
                "--data-dir", data.toString());

        assertThat(rc).as("stderr: %s", cli.err).isZero();
        assertThat(cli.out.toString())
                .isEqualToIgnoringNewLines(
                        "CIFAR-100 ready in " + data.resolve(Cifar100Binary.DIR_NAME)
                                + ": 50000 training and 10000 test images, 100 classes");

        Cli fine = new Cli();
        assertThat(fine.run("data", "info", "--dataset", "cifar100", "--data-dir", data.toString()))
                .isZero();
        assertThat(fine.out.toString())
                .contains("dataset:   CIFAR-100, fine labels")
                .contains("data directory: " + data.toAbsolutePath())
                .contains("on disk:   184.4 MB (archive 0.0 MB, extracted 184.4 MB)")
                .contains("present, valid")
                .contains("images:    50000 train, 10000 test")
                .contains("image size: 32 × 32 pixels")
                .contains("classes:   100")
                .containsPattern("fine0 +49999 +9999\\R")
                .containsPattern("fine42 +0 +1\\R")
                .containsPattern("fine99 +1 +0\\R");

        Cli coarse = new Cli();
        assertThat(coarse.run("data", "info", "--dataset", "cifar100", "--labels", "coarse",
                        "--data-dir", data.toString()))
                .isZero();
        assertThat(coarse.out.toString())
                .contains("CIFAR-100, coarse labels")
                .contains("classes:   20")
                .containsPattern("super0 +49999 +9999\\R")
                .containsPattern("super19 +1 +0\\R");
    }

    @Test
    void importOfAnArchiveThatIsNotTheOfficialOneWritesNothing() throws IOException {
        Path file = Files.write(root.resolve("cifar-100-binary.tar.gz"), new byte[] {1, 2, 3});
        Path data = root.resolve("d");

        assertThat(cli.run("data", "import", "--dataset", "cifar100", file.toString(),
                        "--data-dir", data.toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);

        cli.assertOneLineError("has MD5", "expected 03b5dce01913d631647c71ecec9e9cb8");
        try (var listing = Files.list(data)) {
            assertThat(listing).isEmpty();
        }
    }

    @Test
    void fetchWithACorruptCachedArchiveIsBadInputWithoutNetwork() throws IOException {
        Files.write(root.resolve(Cifar100Binary.ARCHIVE_NAME), new byte[] {1, 2, 3});

        assertThat(cli.run("data", "fetch", "--dataset", "cifar100", "--data-dir",
                        root.toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);

        cli.assertOneLineError("has MD5", "delete it", "`distill data fetch --dataset cifar100`");
    }

    @Test
    void infoOnAnEmptyDirectorySaysHowToGetCifar100() {
        assertThat(cli.run("data", "info", "--dataset", "cifar100", "--data-dir",
                        root.toString()))
                .isZero();

        assertThat(cli.out.toString())
                .contains("archive:   " + root.resolve(Cifar100Binary.ARCHIVE_NAME) + ": absent")
                .contains("`distill data import --dataset cifar100 FILE`");
    }

    @Test
    void labelsForCifar10UnknownLabelsAndUnknownDatasetsAreBadUsage() {
        assertThat(new Cli().run("data", "info", "--labels", "coarse")).isEqualTo(2);
        Cli cifar10 = new Cli();
        cifar10.run("data", "info", "--dataset", "cifar10", "--labels", "fine");
        cifar10.assertOneLineError("--labels applies to cifar100 only");

        Cli labels = new Cli();
        assertThat(labels.run("data", "info", "--dataset", "cifar100", "--labels", "medium"))
                .isEqualTo(Main.EXIT_BAD_INPUT);
        labels.assertOneLineError("unknown labels 'medium': use --labels fine or coarse");

        Cli dataset = new Cli();
        assertThat(dataset.run("data", "fetch", "--dataset", "cifar1000"))
                .isEqualTo(Main.EXIT_BAD_INPUT);
        dataset.assertOneLineError("unknown dataset 'cifar1000': use --dataset cifar10 or cifar100");
    }
}
