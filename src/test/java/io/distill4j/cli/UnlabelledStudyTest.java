package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.data.SplitOptions;
import io.distill4j.data.catalog.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --unlabelled-dir}: a teacher-only student trained on the training split's images without
 * their labels (a flat folder of PNGs in split order) equals the labelled α = 0 student bit for bit,
 * with the live teacher and from a teacher-output store built on the unlabelled images; students
 * that would read labels, and folders that are not flat image folders, are refused in one line.
 */
class UnlabelledStudyTest {
    private static final List<String> SETTINGS = List.of("--dataset", "synthetic", "--preset", "quick",
            "--train-limit", "600", "--student-epochs", "2", "--batch-size", "64", "--threads", "2");

    @TempDir static Path shared;
    private static Path unlabelled;
    private static Path labelledRun;

    @TempDir Path tmp;

    private static String[] args(String command, String... extra) {
        return UnlabelledImages.command(command, SETTINGS, extra).toArray(String[]::new);
    }

    private static void succeeds(String command, String... extra) {
        UnlabelledImages.succeeds(UnlabelledImages.command(command, SETTINGS, extra));
    }

    @BeforeAll
    static void writeTheUnlabelledTwinAndTrainTheLabelledStudent() throws Exception {
        unlabelled = UnlabelledImages.writeTrainingSplit(Datasets.Request.of("synthetic", null, null),
                new SplitOptions(600, 0.1, 1), shared.resolve("unlabelled"));
        labelledRun = shared.resolve("labelled");
        succeeds("study", "--teacher-epochs", "1", "--alphas", "0", "--out", labelledRun.toString());
    }

    @Test
    void theUnlabelledStudentEqualsTheLabelledOneWithTheLiveTeacherAndFromAStore() throws Exception {
        assertThat(unlabelled.resolve("00539.png")).exists();
        assertThat(unlabelled.resolve("00540.png")).doesNotExist();
        // One command: the teacher trains on the labelled split, the student on the unlabelled images.
        Path live = tmp.resolve("live");
        succeeds("study", "--teacher-epochs", "1", "--unlabelled-dir", unlabelled.toString(), "--out", live.toString());
        assertSameWeights(labelledRun, live, "teacher.params");
        assertSameWeights(labelledRun, live, "student-a0.params");
        JsonNode data = new ObjectMapper().readTree(live.resolve("config.json").toFile()).at("/data");
        assertThat(data.at("/unlabelled/images").asInt()).isEqualTo(540);
        assertThat(data.at("/unlabelled/fingerprint").asText()).startsWith("unlabelled:");

        Path store = tmp.resolve("store");
        Path teacher = labelledRun.resolve("models/teacher.params");
        succeeds("teacher-outputs", "--teacher", teacher.toString(), "--unlabelled-dir", unlabelled.toString(),
                "--out", store.toString());
        JsonNode views = new ObjectMapper().readTree(store.resolve("store.json").toFile()).at("/views");
        assertThat(views.at("/unlabelled").asText()).isEqualTo(data.at("/unlabelled/fingerprint").asText());
        assertThat(views.at("/train_images").asInt()).isEqualTo(540);
        Path stored = tmp.resolve("stored");
        succeeds("study", "--teacher-outputs", store.toString(), "--unlabelled-dir", unlabelled.toString(),
                "--out", stored.toString());
        assertSameWeights(labelledRun, stored, "student-a0.params");
        JsonNode a = new ObjectMapper().readTree(labelledRun.resolve("results.json").toFile()).at("/models");
        JsonNode b = new ObjectMapper().readTree(stored.resolve("results.json").toFile()).at("/models");
        assertThat(b.get(1).get("name").asText()).isEqualTo("student-a0");
        assertThat(b.get(1).get("test_acc")).isEqualTo(a.get(1).get("test_acc"));
        assertThat(b.get(1).get("val_acc")).isEqualTo(a.get(1).get("val_acc"));

        // The labelled run cannot take the unlabelled store, nor the unlabelled run a labelled one.
        Cli refused = new Cli();
        assertThat(refused.run(args("study", "--teacher-outputs", store.toString(), "--alphas", "0",
                "--out", tmp.resolve("r").toString()))).isEqualTo(2);
        refused.assertOneLineError("was built with unlabelled \"unlabelled:", "this run has none");
    }

    @Test
    void studentsThatReadLabelsAreRefused() {
        String dir = unlabelled.toString();
        expectRefusal(new String[] {"--unlabelled-dir", dir, "--alphas", "0,0.5"}, "student-a0.5 learns from labels",
                "--alphas 0");
        expectRefusal(new String[] {"--unlabelled-dir", dir, "--methods", "kd,dkd", "--method-param", "kd.alpha=0"},
                "student-dkd learns from labels");
        expectRefusal(new String[] {"--unlabelled-dir", dir, "--methods", "rkd"}, "student-rkd learns from labels");
        expectRefusal(new String[] {"--unlabelled-dir", dir, "--legacy-notebook-loss"}, "drop --legacy-notebook-loss");
    }

    @Test
    void aFolderThatIsNotAFlatImageFolderIsRefused() throws Exception {
        Path nested = Files.createDirectories(tmp.resolve("nested/cats"));
        Files.copy(unlabelled.resolve("00000.png"), nested.resolve("a.png"));
        expectRefusal(new String[] {"--unlabelled-dir", nested.getParent().toString(), "--teacher-epochs", "1"},
                "holds the sub-folder cats", "move them up");
        expectRefusal(new String[] {"--unlabelled-dir", tmp.resolve("missing").toString(), "--teacher-epochs", "1"},
                "does not exist");
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.copy(unlabelled.resolve("00000.png"), notes.resolve("a.png"));
        Files.writeString(notes.resolve("readme.txt"), "not an image");
        expectRefusal(new String[] {"--unlabelled-dir", notes.toString(), "--teacher-epochs", "1"},
                "file readme.txt", "not an image", "--skip-bad-images");
    }

    private void expectRefusal(String[] extra, String... fragments) {
        Cli c = new Cli();
        List<String> all = new ArrayList<>(List.of(extra));
        Path out = tmp.resolve("refused" + System.nanoTime());
        all.addAll(List.of("--out", out.toString()));
        assertThat(c.run(args("study", all.toArray(String[]::new)))).as(c.err.toString()).isEqualTo(2);
        c.assertOneLineError(fragments);
        assertThat(out).doesNotExist();
    }

    private static void assertSameWeights(Path a, Path b, String file) throws Exception {
        UnlabelledImages.assertSameWeights(a, b, file);
    }
}
