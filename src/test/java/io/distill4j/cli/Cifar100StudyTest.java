package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.Json;
import io.distill4j.data.archive.Cifar100Binary;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CIFAR-100 study end to end on a generated archive of official size (learnable: each fine class
 * has its own colour, plus noise): the models take 20 or 100 classes from the data, reports and
 * manifests carry the dataset's class names, and a teacher of other classes is refused.
 */
class Cifar100StudyTest {
    @TempDir static Path data;
    @TempDir Path tmp;
    private final Cli cli = new Cli();

    @BeforeAll
    static void generateCifar100() throws IOException {
        Path dir = Files.createDirectories(data.resolve(Cifar100Binary.DIR_NAME));
        Random random = new Random(3);
        write(dir.resolve(Cifar100Binary.TRAIN_FILE), Cifar100Binary.TRAIN_RECORDS, random);
        write(dir.resolve(Cifar100Binary.TEST_FILE), Cifar100Binary.TEST_RECORDS, random);
        Files.writeString(dir.resolve("fine_label_names.txt"), names("fine", 100));
        Files.writeString(dir.resolve("coarse_label_names.txt"), names("super", 20));
    }

    private static void write(Path file, int records, Random random) throws IOException {
        byte[] record = new byte[Cifar100Binary.RECORD_BYTES];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int r = 0; r < records; r++) {
                int fine = r % 100;
                record[0] = (byte) (fine / 5);
                record[1] = (byte) fine;
                for (int c = 0; c < 3; c++) {
                    int level = ((fine >> (2 * c)) & 3) * 60 + 20;
                    for (int p = 0; p < 1024; p++) {
                        record[2 + c * 1024 + p] = (byte) (level + random.nextInt(30));
                    }
                }
                out.write(record);
            }
        }
    }

    private static String names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i + "\n").collect(Collectors.joining());
    }

    private int study(Path out, String... extra) {
        String[] base = {"study", "--dataset", "cifar100", "--data-dir", data.toString(), "--preset", "quick",
            "--train-limit", "1000", "--teacher-epochs", "1", "--student-epochs", "1", "--batch-size", "100",
            "--alphas", "1,0.5", "--out", out.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return cli.run(args);
    }

    @Test
    void coarseLabelsTrainTwentyClassModelsNamedByTheDatasetAndForeignTeachersAreRefused() throws Exception {
        Path run = tmp.resolve("coarse");
        assertThat(study(run, "--labels", "coarse")).as(cli.err.toString()).isZero();

        JsonNode evaluation = Json.mapper().readTree(run.resolve("evaluation.json").toFile());
        JsonNode teacher = evaluation.at("/models/0");
        assertThat(teacher.at("/confusion/classes").size()).isEqualTo(20);
        assertThat(teacher.at("/confusion/classes/19").asText()).isEqualTo("super-19");
        JsonNode manifest = Json.mapper().readTree(run.resolve("models/student-a0.5.json").toFile());
        assertThat(manifest.at("/class_names").size()).isEqualTo(20);
        assertThat(manifest.at("/dataset").asText()).isEqualTo("cifar100");
        JsonNode results = Json.mapper().readTree(run.resolve("results.json").toFile());
        assertThat(results.at("/models").size()).isEqualTo(3);
        // Rows are true classes: 5 fine classes × 100 test images each in every coarse class.
        for (JsonNode row : teacher.at("/confusion/counts")) {
            assertThat(row.size()).isEqualTo(20);
            long images = 0;
            for (JsonNode cell : row) {
                images += cell.asLong();
            }
            assertThat(images).isEqualTo(500);
        }

        Path teacherFile = run.resolve("models/teacher.params");
        Path fine = tmp.resolve("fine");
        assertThat(study(fine, "--teacher", teacherFile.toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("20").contains("100").doesNotContain("\tat ");
        assertThat(fine).doesNotExist();
    }

    @Test
    void labelsAreForCifar100Only() {
        assertThat(cli.run("study", "--dataset", "synthetic", "--labels", "coarse", "--out",
                tmp.resolve("x").toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--labels applies to cifar100 only");
    }
}
