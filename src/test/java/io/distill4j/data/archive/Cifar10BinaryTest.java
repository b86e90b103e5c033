package io.distill4j.data.archive;

import static io.distill4j.data.archive.Cifar10Fixtures.RECORDS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BinaryTest {
    @TempDir Path tmp;

    @Test
    void readsTrainBatchesInOrderAndTheTestBatch() throws IOException {
        Dataset data = Cifar10Binary.read(Cifar10Fixtures.writeBatches(tmp.resolve("b")), RECORDS);

        assertThat(data.name()).isEqualTo("cifar10");
        assertThat(data.train().size()).isEqualTo(5 * RECORDS);
        assertThat(data.test().size()).isEqualTo(RECORDS);
        for (int f = 0; f < 6; f++) {
            ImageSet set = f < 5 ? data.train() : data.test();
            for (int r = 0; r < RECORDS; r++) {
                int i = (f < 5 ? f * RECORDS : 0) + r;
                assertThat(set.label(i)).isEqualTo(Cifar10Fixtures.label(f, r));
                byte[] image = set.image(i);
                assertThat(image[0]).isEqualTo(Cifar10Fixtures.firstPixel(f, r));
                assertThat(image[ImageSet.IMAGE_BYTES - 1])
                        .isEqualTo((byte) ~Cifar10Fixtures.firstPixel(f, r));
            }
        }
    }

    @Test
    void publicReadInsistsOnOfficialFileSizes() throws IOException {
        Path dir = Cifar10Fixtures.writeBatches(tmp.resolve("b"));

        assertBadInput(() -> Cifar10Binary.read(dir))
                .hasMessageContaining("data_batch_1.bin")
                .hasMessageContaining(
                        "has " + RECORDS * Cifar10Binary.RECORD_BYTES
                                + " bytes, expected 30730000");
    }

    @Test
    void rejectsTruncatedFile() throws IOException {
        Path dir = Cifar10Fixtures.writeBatches(tmp.resolve("b"));
        Path file = dir.resolve("data_batch_4.bin");
        byte[] data = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(data, data.length - 1));

        assertBadInput(() -> Cifar10Binary.read(dir, RECORDS))
                .hasMessageContaining(file.toString())
                .hasMessageContaining(
                        "has " + (data.length - 1) + " bytes, expected " + data.length)
                .hasMessageContaining("truncated or corrupt: delete " + dir)
                .hasMessageContaining("`distill data fetch` or `distill data import FILE`");
    }

    @Test
    void rejectsLabelOutsideZeroToNine() throws IOException {
        Path dir = Cifar10Fixtures.writeBatches(tmp.resolve("b"));
        Path file = dir.resolve("data_batch_3.bin");
        byte[] data = Files.readAllBytes(file);
        data[2 * Cifar10Binary.RECORD_BYTES] = (byte) 200;
        Files.write(file, data);

        assertBadInput(() -> Cifar10Binary.read(dir, RECORDS))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("record 2 has label 200, outside 0–9");
    }

    @Test
    void namesMissingBatchFile() throws IOException {
        Path dir = Cifar10Fixtures.writeBatches(tmp.resolve("b"));
        Files.delete(dir.resolve("test_batch.bin"));

        assertBadInput(() -> Cifar10Binary.read(dir, RECORDS))
                .hasMessageContaining("test_batch.bin is missing from " + dir)
                .hasMessageContaining("distill data fetch");
    }

    @Test
    void emptyDirectoryLacksTheFirstBatch() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("empty"));

        assertBadInput(() -> Cifar10Binary.read(dir))
                .hasMessageContaining("data_batch_1.bin is missing");
    }

    @Test
    void rejectsMissingDirectoryAndPlainFile() throws IOException {
        Path missing = tmp.resolve("nowhere");
        Path file = Files.writeString(tmp.resolve("file"), "x");

        assertBadInput(() -> Cifar10Binary.read(missing))
                .hasMessageContaining(missing + " does not exist")
                .hasMessageContaining("distill data import FILE");
        assertBadInput(() -> Cifar10Binary.read(file))
                .hasMessageContaining(file + " is not a directory");
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertBadInput(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
