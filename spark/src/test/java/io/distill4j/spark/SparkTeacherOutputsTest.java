package io.distill4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.BadInputException;
import io.distill4j.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on Spark in local mode (two executor threads, one loaded teacher) writes the store
 * that {@code distill teacher-outputs} writes, view by view, and students trained from either store
 * are the same bit for bit.
 */
class SparkTeacherOutputsTest {
    private static final int CLASSES = 3;
    private static final int TRAIN_PER_CLASS = 40;
    private static final int TEST_PER_CLASS = 8;

    @TempDir static Path shared;
    private static SparkSession spark;
    private static List<String> settings;
    private static Path folder;
    private static Path teacher;

    @TempDir Path tmp;

    @BeforeAll
    static void trainATeacherOnASmallFolderAndStartSpark() throws Exception {
        folder = shared.resolve("images");
        writeFolder(folder, new Random(7));
        settings = List.of("--dataset", "folder", "--data-dir", folder.toString(), "--image-size", "32",
                "--preset", "quick", "--student-epochs", "2", "--batch-size", "16", "--seeds", "2", "--threads", "2");
        Path run = shared.resolve("teacher-run");
        List<String> once = new ArrayList<>(List.of(cliArgs("study", "--teacher-epochs", "1", "--alphas", "1", "--out", run.toString())));
        once.set(once.indexOf("--seeds") + 1, "1");
        distill(once.toArray(String[]::new));
        teacher = run.resolve("models/teacher.params");
        spark = SparkSession.builder().master("local[2]").appName("distill4j-spark test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theSparkStoreEqualsTheSingleProcessStoreViewByViewAndServesTheSameStudents() throws Exception {
        Path single = tmp.resolve("single");
        Path distributed = tmp.resolve("spark");
        distill(cliArgs("teacher-outputs", "--teacher", teacher.toString(), "--out", single.toString()));
        // One batch per task: every task but the first of an epoch replays the epoch's crops and flips.
        SparkTeacherOutputs.run(spark, jobArgs("--teacher", teacher.toString(), "--batches-per-task", "1",
                "--out", distributed.toString()));

        assertSameRows(single.resolve("views"), distributed.resolve("views"), 2 * 2 * CLASSES * TRAIN_PER_CLASS * 9 / 10);
        assertSameRows(single.resolve("test"), distributed.resolve("test"), CLASSES * TEST_PER_CLASS);
        JsonNode a = new ObjectMapper().readTree(single.resolve("store.json").toFile());
        JsonNode b = new ObjectMapper().readTree(distributed.resolve("store.json").toFile());
        for (String part : List.of("/format", "/teacher", "/views", "/logits", "/features")) {
            assertThat(b.at(part)).as(part).isEqualTo(a.at(part));
        }
        assertThat(b.at("/provenance/spark/master").asText()).isEqualTo("local[2]");
        assertThat(b.at("/provenance/spark/tasks").asInt()).isEqualTo(2 * 2 * 7);

        Path fromSingle = tmp.resolve("from-single");
        Path fromSpark = tmp.resolve("from-spark");
        distill(cliArgs("study", "--alphas", "0.5", "--teacher-outputs", single.toString(), "--out", fromSingle.toString()));
        distill(cliArgs("study", "--alphas", "0.5", "--teacher-outputs", distributed.toString(), "--out", fromSpark.toString()));
        List<Path> students;
        try (Stream<Path> s = Files.list(fromSingle.resolve("models"))) {
            students = s.filter(p -> p.getFileName().toString().startsWith("student-")
                    && p.getFileName().toString().endsWith(".params")).sorted().toList();
        }
        assertThat(students).hasSize(2);
        for (Path weights : students) {
            assertThat(Files.readAllBytes(fromSpark.resolve("models").resolve(weights.getFileName())))
                    .as(weights.getFileName().toString()).isEqualTo(Files.readAllBytes(weights));
        }
    }

    @Test
    void float16TopKLogitsAndFeaturesAreTheSingleProcessOnesToo() throws Exception {
        Path single = tmp.resolve("single");
        Path distributed = tmp.resolve("spark");
        String[] what = {"--teacher", teacher.toString(), "--store-precision", "float16", "--top-k", "2", "--features", "embedding"};
        List<String> a = new ArrayList<>(List.of(cliArgs("teacher-outputs", what)));
        a.addAll(List.of("--out", single.toString()));
        distill(a.toArray(String[]::new));
        List<String> b = new ArrayList<>(jobArgs(what));
        b.addAll(List.of("--batches-per-task", "3", "--out", distributed.toString()));
        SparkTeacherOutputs.run(spark, b);
        assertSameRows(single.resolve("views"), distributed.resolve("views"), 2 * 2 * CLASSES * TRAIN_PER_CLASS * 9 / 10);
        assertThat(spark.read().parquet(distributed.resolve("views").toString()).columns())
                .contains("topk_index", "topk_logit", "rest_logit", "feature_embedding");
    }

    @Test
    void aParquetTableOfImageBytesWrittenBySparkGivesTheViewsOfTheFolderItWasMadeFrom() throws Exception {
        Path table = tmp.resolve("table");
        for (String set : List.of("train", "test")) {
            // The files' bytes as they are, labelled by their class folder, in the folder's order (class, then name).
            spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(folder.resolve(set).toString())
                    .select(col("path"), col("content").as("image"), regexp_extract(col("path"), "/(class-[0-9]+)/[^/]+$", 1).as("label"))
                    .repartition(1).sortWithinPartitions("path").drop("path").write().parquet(table.resolve(set).toString());
        }
        Path single = tmp.resolve("single");
        Path distributed = tmp.resolve("spark");
        distill(cliArgs("teacher-outputs", "--teacher", teacher.toString(), "--out", single.toString()));
        List<String> fromTable = new ArrayList<>(jobArgs("--teacher", teacher.toString(), "--allow-other-data",
                "--out", distributed.toString()));
        fromTable.set(fromTable.indexOf("folder"), "parquet");
        fromTable.set(fromTable.indexOf(folder.toString()), table.toString());
        SparkTeacherOutputs.run(spark, fromTable);
        assertSameRows(single.resolve("views"), distributed.resolve("views"), 2 * 2 * CLASSES * TRAIN_PER_CLASS * 9 / 10);
        assertSameRows(single.resolve("test"), distributed.resolve("test"), CLASSES * TEST_PER_CLASS);
        JsonNode views = new ObjectMapper().readTree(distributed.resolve("store.json").toFile()).at("/views");
        assertThat(views.at("/dataset").asText()).isEqualTo("parquet");
        assertThat(views.at("/fingerprint").asText()).startsWith("parquet:");
    }

    @Test
    void badJobOptionsAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path out = tmp.resolve("never");
        assertThatThrownBy(() -> SparkTeacherOutputs.run(spark, jobArgs("--teacher", teacher.toString(),
                "--batches-per-task", "0", "--out", out.toString())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--batches-per-task 0");
        assertThatThrownBy(() -> SparkTeacherOutputs.run(spark, jobArgs("--out", out.toString())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--teacher FILE");
        assertThat(out).doesNotExist();
        Path taken = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(taken.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> SparkTeacherOutputs.run(spark, jobArgs("--teacher", teacher.toString(),
                "--out", taken.toString())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("never overwritten");
        assertThat(taken.resolve("keep.txt")).hasContent("mine");
    }

    /** Both folders' Parquet files hold the same rows (every column, exact values), {@code rows} of them. */
    private static void assertSameRows(Path expected, Path actual, long rows) {
        Dataset<Row> a = spark.read().parquet(expected.toString());
        Dataset<Row> b = spark.read().parquet(actual.toString());
        assertThat(b.columns()).containsExactly(a.columns());
        assertThat(a.count()).isEqualTo(rows);
        assertThat(b.count()).isEqualTo(rows);
        assertThat(a.exceptAll(b).count()).as("rows of %s missing from %s", expected, actual).isZero();
        assertThat(b.exceptAll(a).count()).as("rows of %s not in %s", actual, expected).isZero();
    }

    /** @return the {@code distill} command with the shared settings and {@code extra} */
    private static String[] cliArgs(String command, String... extra) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(settings);
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    /** @return the Spark job's options: the shared settings and {@code extra} */
    private static List<String> jobArgs(String... extra) {
        List<String> all = new ArrayList<>(settings);
        all.addAll(List.of(extra));
        return all;
    }

    private static void distill(String... args) {
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute(args)).as(err.toString()).isZero();
    }

    /** {@code train/} and {@code test/} trees of PNGs: per class a colour with noise, so a teacher can tell them apart. */
    static void writeFolder(Path root, Random random) throws Exception {
        for (String set : List.of("train", "test")) {
            for (int c = 0; c < CLASSES; c++) {
                Path dir = Files.createDirectories(root.resolve(set).resolve("class-" + c));
                int n = set.equals("train") ? TRAIN_PER_CLASS : TEST_PER_CLASS;
                for (int i = 0; i < n; i++) {
                    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) {
                            int[] rgb = new int[3];
                            for (int k = 0; k < 3; k++) {
                                rgb[k] = Math.min(255, (k == c ? 150 : 40) + random.nextInt(100));
                            }
                            image.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                        }
                    }
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(image, "png", png);
                    Files.write(dir.resolve(String.format("%03d.png", i)), png.toByteArray());
                }
            }
        }
    }
}
