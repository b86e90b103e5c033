package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.Json;
import io.distill4j.data.folder.ImageFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study distilled from a TorchScript teacher (the committed fixture of {@code
 * tools/make_test_teacher.py}) through the CLI: the teacher is not trained, is scored and
 * evaluated like a native one, and its exported features feed the feature and relation methods;
 * a teacher of other classes, or without a feature a method needs, is refused before anything is
 * written.
 */
class TorchScriptStudyTest {
    @TempDir Path tmp;

    private static String fixture(String name) throws Exception {
        return Path.of(TorchScriptStudyTest.class.getResource("/torchscript/" + name).toURI()).toString();
    }

    @Test
    void studentsOfEveryFeatureMethodDistilFromATorchScriptTeacher() throws Exception {
        Path run = tmp.resolve("run");
        Cli cli = new Cli();
        int code = cli.run("study", "--dataset", "synthetic", "--preset", "quick", "--train-limit", "600",
                "--student-epochs", "1", "--batch-size", "50", "--methods", "ce,kd,sp,rkd,at,fitnets",
                "--teacher-torchscript", fixture("tiny-teacher.pt"), "--out", run.toString());
        assertThat(code).as(cli.err.toString()).isZero();

        JsonNode models = Json.mapper().readTree(run.resolve("results.json").toFile()).get("models");
        assertThat(models).hasSize(7);
        JsonNode teacher = models.get(0);
        assertThat(teacher.get("role").asText()).isEqualTo("teacher");
        assertThat(teacher.get("architecture").asText()).isEqualTo("torchscript:tiny-teacher.pt");
        assertThat(teacher.get("parameters").asLong()).isEqualTo(1578);
        assertThat(teacher.get("train_seconds").asDouble()).isZero();
        for (JsonNode m : models) {
            assertThat(m.get("test_acc").asDouble()).as(m.get("name").asText()).isBetween(0.0, 1.0);
        }
        assertThat(run.resolve("models/teacher.params")).doesNotExist();
        JsonNode evaluation = Json.mapper().readTree(run.resolve("evaluation.json").toFile());
        assertThat(evaluation.at("/models/0/confusion/classes/9").asText()).isEqualTo("class-9");
        JsonNode config = Json.mapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/settings/teacher_torchscript").asText()).endsWith("tiny-teacher.pt");
        assertThat(Files.readString(run.resolve("results.md"))).contains("TorchScript tiny-teacher.pt");
    }

    @Test
    void aTeacherOfOtherClassesIsRefusedNamingBothBeforeAnythingIsWritten() throws Exception {
        Path root = ImageFolders.tree(tmp.resolve("photos"), 3, 10);
        Path run = tmp.resolve("run");
        Cli cli = new Cli();
        assertThat(cli.run("study", "--dataset", "folder", "--data-dir", root.toString(), "--image-size", "16",
                "--teacher-torchscript", fixture("tiny-teacher.pt"), "--out", run.toString())).isEqualTo(2);
        cli.assertOneLineError("answers 10 classes (class-0, class-1, class-2, …) but the data has 3 classes (c0, c1, c2)");
        assertThat(run).doesNotExist();
    }

    @Test
    void aMethodNeedingAFeatureTheModuleDoesNotExportFailsAtStartUp() throws Exception {
        Path run = tmp.resolve("run");
        Cli cli = new Cli();
        assertThat(cli.run("study", "--dataset", "synthetic", "--preset", "quick", "--methods", "rkd",
                "--teacher-torchscript", fixture("tiny-teacher-logits-only.pt"), "--out", run.toString())).isEqualTo(2);
        cli.assertOneLineError("method rkd needs feature 'embedding' but model torchscript:tiny-teacher-logits-only.pt"
                + " exports no feature");
        assertThat(run).doesNotExist();
    }

    @Test
    void aTorchScriptTeacherExcludesTheOtherTeacherAndTheNotebooksDefects() throws Exception {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"--teacher", fixture("tiny-teacher.pt")});
        cases.add(new String[] {"--legacy-notebook-loss"});
        for (String[] extra : cases) {
            Cli cli = new Cli();
            List<String> args = new ArrayList<>(List.of("study", "--dataset", "synthetic", "--teacher-torchscript",
                    fixture("tiny-teacher.pt"), "--out", tmp.resolve("run").toString()));
            args.addAll(List.of(extra));
            assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(2);
            cli.assertOneLineError(extra[0].equals("--teacher") ? "give --teacher or --teacher-torchscript, not both"
                    : "--legacy-notebook-loss runs a distill4j teacher in training mode");
        }
    }
}
