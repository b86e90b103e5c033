package io.distill4j.data.archive;

import static io.distill4j.data.archive.Cifar100Fixtures.TEST;
import static io.distill4j.data.archive.Cifar100Fixtures.TRAIN;
import static io.distill4j.data.archive.Cifar10BinaryTest.assertBadInput;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Cifar100BinaryTest {
    @TempDir Path tmp;

    private Path write(Map<String, byte[]> files) throws IOException {
        return Cifar100Fixtures.write(tmp.resolve(Cifar100Binary.DIR_NAME), files);
    }

    @Test
    void readsFineLabelsByDefaultWithTheirNamesAndPixelsInOrder() throws IOException {
        Dataset data = Cifar100Fixtures.read(write(Cifar100Fixtures.files()), Cifar100Labels.FINE);

        assertThat(data.name()).isEqualTo("cifar100");
        assertThat(data.classCount()).isEqualTo(100);
        assertThat(data.classNames()).startsWith("fine_0", "fine_1").endsWith("fine_99");
        assertThat(data.train().classes()).isEqualTo(100);
        assertThat(data.train().size()).isEqualTo(TRAIN);
        assertThat(data.test().size()).isEqualTo(TEST);
        for (int f = 0; f < 2; f++) {
            ImageSet set = f == 0 ? data.train() : data.test();
            for (int r = 0; r < set.size(); r++) {
                byte[] image = set.image(r);
                assertThat(set.label(r)).isEqualTo(Cifar100Fixtures.fine(f, r));
                assertThat(image[0]).isEqualTo(Cifar100Fixtures.firstPixel(f, r));
                assertThat(image[ImageSet.IMAGE_BYTES - 1])
                        .isEqualTo((byte) ~Cifar100Fixtures.firstPixel(f, r));
            }
        }
        assertThat(data.train().label(0)).isEqualTo(99);
    }

    @Test
    void readsCoarseLabelsOnRequest() throws IOException {
        Path dir = write(Cifar100Fixtures.files());

        Dataset coarse = Cifar100Fixtures.read(dir, Cifar100Labels.COARSE);
        Dataset fine = Cifar100Fixtures.read(dir, Cifar100Labels.FINE);

        assertThat(coarse.classCount()).isEqualTo(20);
        assertThat(coarse.classNames()).startsWith("coarse_0").endsWith("coarse_19");
        assertThat(coarse.train().classes()).isEqualTo(20);
        for (int r = 0; r < TRAIN; r++) {
            assertThat(coarse.train().label(r)).isEqualTo(Cifar100Fixtures.coarse(0, r));
        }
        assertThat(coarse.train().pixels()).isEqualTo(fine.train().pixels());
        assertThat(Cifar100Labels.parse(null)).isEqualTo(Cifar100Labels.FINE);
        assertThat(Cifar100Labels.parse("coarse")).isEqualTo(Cifar100Labels.COARSE);
        assertBadInput(() -> Cifar100Labels.parse("medium"))
                .hasMessage("unknown labels 'medium': use --labels fine or coarse");
    }

    @Test
    void publicReadInsistsOnOfficialFileSizes() throws IOException {
        Path dir = write(Cifar100Fixtures.files());

        assertBadInput(() -> Cifar100Binary.read(dir, Cifar100Labels.FINE))
                .hasMessageContaining(dir.resolve("train.bin").toString())
                .hasMessageContaining(
                        "has " + TRAIN * Cifar100Binary.RECORD_BYTES + " bytes, expected "
                                + 50_000L * 3_074);
    }

    @Test
    void rejectsTruncatedFileNamingItAndTheFix() throws IOException {
        Map<String, byte[]> files = Cifar100Fixtures.files();
        byte[] test = files.get("test.bin");
        files.put("test.bin", Arrays.copyOf(test, test.length - 1));
        Path dir = write(files);

        assertBadInput(() -> Cifar100Fixtures.read(dir, Cifar100Labels.FINE))
                .hasMessageContaining("CIFAR-100 file " + dir.resolve("test.bin"))
                .hasMessageContaining("has " + (test.length - 1) + " bytes, expected " + test.length)
                .hasMessageContaining("delete " + dir)
                .hasMessageContaining("`distill data fetch --dataset cifar100`")
                .hasMessageContaining("`distill data import --dataset cifar100 FILE`");
    }

    @Test
    void rejectsFineLabel100AndCoarseLabel20WhicheverLabelsAreUsed() throws IOException {
        Map<String, byte[]> files = Cifar100Fixtures.files();
        files.get("train.bin")[Cifar100Binary.RECORD_BYTES + 1] = 100;
        Path fineDir = Cifar100Fixtures.write(tmp.resolve("fine"), files);
        files = Cifar100Fixtures.files();
        files.get("test.bin")[2 * Cifar100Binary.RECORD_BYTES] = 20;
        Path coarseDir = Cifar100Fixtures.write(tmp.resolve("coarse"), files);

        for (Cifar100Labels labels : Cifar100Labels.values()) {
            assertBadInput(() -> Cifar100Fixtures.read(fineDir, labels))
                    .hasMessageContaining(
                            fineDir.resolve("train.bin")
                                    + " record 1 has fine label 100, outside 0–99");
            assertBadInput(() -> Cifar100Fixtures.read(coarseDir, labels))
                    .hasMessageContaining(
                            coarseDir.resolve("test.bin")
                                    + " record 2 has coarse label 20, outside 0–19");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"train.bin", "test.bin", "fine_label_names.txt", "coarse_label_names.txt"})
    void rejectsAMissingFile(String name) throws IOException {
        Map<String, byte[]> files = Cifar100Fixtures.files();
        files.remove(name);
        Path dir = write(files);

        assertBadInput(() -> Cifar100Fixtures.read(dir, Cifar100Labels.FINE))
                .hasMessageContaining("CIFAR-100 file " + name + " is missing from " + dir)
                .hasMessageContaining("delete that directory and run `distill data fetch");
    }

    @Test
    void rejectsAMissingDirectory() {
        Path dir = tmp.resolve("nope");

        assertBadInput(() -> Cifar100Fixtures.read(dir, Cifar100Labels.COARSE))
                .hasMessageContaining("CIFAR-100 directory " + dir + " does not exist");
    }

    @Test
    void rejectsNamesFilesWithTheWrongNumberOfLines() throws IOException {
        Map<String, byte[]> files = Cifar100Fixtures.files();
        files.put("fine_label_names.txt", Cifar100Fixtures.namesFile(Cifar100Labels.FINE, 99));
        Path shortFine = Cifar100Fixtures.write(tmp.resolve("a"), files);
        files = Cifar100Fixtures.files();
        files.put("coarse_label_names.txt", Cifar100Fixtures.namesFile(Cifar100Labels.COARSE, 21));
        Path longCoarse = Cifar100Fixtures.write(tmp.resolve("b"), files);

        assertBadInput(() -> Cifar100Fixtures.read(shortFine, Cifar100Labels.COARSE))
                .hasMessageContaining(
                        "class names file " + shortFine.resolve("fine_label_names.txt")
                                + " has 99 class names, expected 100 (one per line)")
                .hasMessageContaining("delete " + shortFine);
        assertBadInput(() -> Cifar100Fixtures.read(longCoarse, Cifar100Labels.FINE))
                .hasMessageContaining("has 21 class names, expected 20");
    }

    @Test
    void rejectsBlankOrRepeatedNamesAndAcceptsWindowsLineEnds() throws IOException {
        String coarse = new String(
                Cifar100Fixtures.namesFile(Cifar100Labels.COARSE, 20), StandardCharsets.UTF_8);
        Map<String, byte[]> files = Cifar100Fixtures.files();
        files.put("coarse_label_names.txt", coarse.replace("coarse_3\n", "\n").getBytes());
        Path blank = Cifar100Fixtures.write(tmp.resolve("blank"), files);
        files.put("coarse_label_names.txt", coarse.replace("coarse_3\n", "coarse_2\n").getBytes());
        Path repeated = Cifar100Fixtures.write(tmp.resolve("repeated"), files);
        files.put("coarse_label_names.txt", coarse.replace("\n", "\r\n").getBytes());
        Path crlf = Cifar100Fixtures.write(tmp.resolve("crlf"), files);

        assertBadInput(() -> Cifar100Fixtures.read(blank, Cifar100Labels.COARSE))
                .hasMessageContaining("line 4 is empty");
        assertBadInput(() -> Cifar100Fixtures.read(repeated, Cifar100Labels.COARSE))
                .hasMessageContaining("line 4 repeats 'coarse_2'");
        assertThat(Cifar100Fixtures.read(crlf, Cifar100Labels.COARSE).classNames())
                .element(3)
                .isEqualTo("coarse_3");
    }

    @Test
    void imageSetsCarryTheirClassCount() {
        byte[] px = new byte[ImageSet.IMAGE_BYTES];

        assertThat(new ImageSet(px, new byte[] {99}, 100).subset(new int[] {0}).classes())
                .isEqualTo(100);
        assertThat(new ImageSet(px, new byte[] {9}).classes()).isEqualTo(ImageSet.CLASSES);
        assertBadInput(() -> new ImageSet(px, new byte[] {20}, 20))
                .hasMessageContaining("label 20 of image 0 is outside 0–19");
    }
}
