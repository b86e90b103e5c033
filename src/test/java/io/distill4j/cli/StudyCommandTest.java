package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.data.archive.Cifar10Binary;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code study}, {@code models} and {@code evaluate} commands, run through picocli's execute(). */
class StudyCommandTest {
    private static final String[] TINY = {
        "study", "--dataset", "synthetic", "--preset", "quick", "--train-limit", "700",
        "--teacher-epochs", "1", "--student-epochs", "1", "--batch-size", "64"
    };

    @TempDir Path tmp;
    private final Cli cli = new Cli();

    private int study(Path out, String... extra) {
        String[] args = new String[TINY.length + 2 + extra.length];
        System.arraycopy(TINY, 0, args, 0, TINY.length);
        args[TINY.length] = "--out";
        args[TINY.length + 1] = out.toString();
        System.arraycopy(extra, 0, args, TINY.length + 2, extra.length);
        return cli.run(args);
    }

    @Test
    void aDryRunChecksTheSetUpAndWritesNothing() {
        Path run = tmp.resolve("never");
        assertThat(cli.run("study", "--dry-run", "--data-dir", tmp.resolve("empty").toString(), "--out", run.toString()))
                .as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("CIFAR-10 is not in " + tmp.resolve("empty"), "the real run downloads it",
                "teacher:  alexnet, trained for 20 epochs", "students: student-cnn, α 1, 0, 0.5, 10 epochs, 1 seed",
                "(3 students)");
        assertThat(run).doesNotExist();
        assertThat(tmp.resolve("empty")).doesNotExist();
        Cli missing = new Cli();
        assertThat(missing.run("study", "--dry-run", "--dataset", "synthetic", "--teacher", tmp.resolve("t.params").toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);
        missing.assertOneLineError("t.params does not exist");
    }

    @Test
    void quietPrintsResultsOnly() throws Exception {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(study(tmp.resolve("quiet"), "--quiet")).as(cli.err.toString()).isZero();
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(cli.err.toString()).isEmpty();
        assertThat(cli.out.toString()).contains("# Results").contains("| student-a0.5 |");
    }

    @Test
    void studyWritesEveryArtefactThenReusesItsTeacher() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(study(run)).as(cli.err.toString()).isZero();
        for (String f : List.of("config.json", "metrics.csv", "results.json", "results.md", "train_loss.png",
                "val_loss.png", "accuracy.png", "models/teacher.params", "models/student-a1.params",
                "models/student-a0.params", "models/student-a0.5.params")) {
            assertThat(run.resolve(f)).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(run.resolve("metrics.csv")))
                .hasSize(5)
                .first().isEqualTo("model,epoch,train_loss,val_loss,val_acc,lr,seconds");
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/settings/seed").asLong()).isEqualTo(1);
        assertThat(config.at("/settings/alphas").size()).isEqualTo(3);
        assertThat(config.at("/provenance/libtorch").asText()).isEqualTo("2.10.0");
        assertThat(config.at("/data/validation_images").asInt()).isEqualTo(70);
        JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        assertThat(results.at("/models").size()).isEqualTo(4);
        assertThat(results.at("/models/0/name").asText()).isEqualTo("teacher");
        assertThat(results.at("/models/0/test_acc").asDouble()).isGreaterThan(0.2);
        assertThat(cli.out.toString()).contains("| student-a0.5 |");

        Path second = tmp.resolve("second");
        int code = study(second, "--teacher", run.resolve("models/teacher.params").toString(), "--alphas", "0.5");
        assertThat(code).as(cli.err.toString()).isZero();
        assertThat(Files.readAllLines(second.resolve("metrics.csv"))).hasSize(2);
        assertThat(second.resolve("models/teacher.params")).doesNotExist();

        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("evaluate", "--model", "student-cnn", "--dataset", "synthetic",
                "--weights", run.resolve("models/student-a1.params").toString())).isZero();
        assertThat(cli.out.toString()).contains("train").contains("val").contains("test").contains("%");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--alphas 1.5            | --alphas value 1.5 is outside [0, 1]",
        "--temperature 0         | --temperature 0.0 is outside (0, 100]",
        "--teacher-epochs -1     | --teacher-epochs -1 is outside [0, 1000]",
        "--teacher-epochs 0      | --teacher-epochs 0 trains no teacher",
        "--student-lr 0          | --student-lr 0.0 is outside (0, 10]",
        "--teacher-momentum 1    | --teacher-momentum 1.0 is outside [0, 1)",
        "--student-schedule linear | valid schedules are cosine, constant, step",
        "--student-warmup-epochs x | 'x' is not a number",
        "--student-epochs 0      | --student-epochs 0 is outside [1, 1000]",
        "--batch-size 0          | --batch-size 0 is outside [1, 4096]",
        "--alphas abc            | Invalid value",
        "--preset huge           | valid presets are standard, quick, paper",
        "--methods kd,crdd       | unknown method 'crdd'",
        "--methods kd,kd         | repeats a method",
        "--method-param rkd.weight=1 | unknown method parameter 'rkd.weight'",
        "--seeds 0               | --seeds 0 is outside [1, 100]",
        "--student-model resnet  | valid models are alexnet, student-cnn",
        "--legacy-notebook-loss --methods kd | drop --methods",
        "--dataset imagenet      | valid datasets are cifar10, cifar100, folder, parquet, synthetic",
        "--teacher /nonexistent  | does not exist",
        "--precision fp16        | valid precisions are fp32, bf16, auto",
        "--precision float16     | a teacher-output store's number format is --store-precision float16",
        "--frobnicate            | Unknown option"
    })
    void badOptionsGiveOneLineErrorAndExitTwo(String option, String message) {
        List<String> args = new java.util.ArrayList<>(List.of("study", "--out", tmp.resolve("bad").toString()));
        args.addAll(List.of(option.trim().split(" ")));
        assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError(message);
        assertThat(tmp.resolve("bad")).doesNotExist();
    }

    @Test
    void optimizerFlagsAndSwitchesReachTheConfigOverTheFile() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("s.yaml"), "preset: paper\nstudent-lr: 0.5\naugment: false\n");
        picocli.CommandLine cl = Main.commandLine();
        cl.parseArgs("study", "--config", yaml.toString(), "--student-lr", "0.01", "--student-schedule", "cosine",
                "--teacher-weight-decay", "0", "--augment", "--method-param", "rkd.angle-weight=10",
                "--method-param", "rkd.distance-weight=5", "--methods", "rkd");
        StudyCommand study = (StudyCommand) cl.getSubcommands().get("study").getCommand();
        io.distill4j.settings.StudyConfig c = study.config();
        assertThat(c.preset()).isEqualTo("paper");
        assertThat(c.studentOptimizer()).isEqualTo(new io.distill4j.train.OptimizerConfig(0.01, 0.9, 0.005, 0));
        assertThat(c.teacherOptimizer()).isEqualTo(new io.distill4j.train.OptimizerConfig(0.005, 0.9, 0, 0,
                io.distill4j.train.OptimizerConfig.Schedule.CONSTANT));
        assertThat(c.augment()).isTrue();
        assertThat(c.methodParams()).containsEntry("rkd.angle-weight", 10.0).containsEntry("rkd.distance-weight", 5.0);
        cl = Main.commandLine();
        cl.parseArgs("study", "--no-augment");
        assertThat(((StudyCommand) cl.getSubcommands().get("study").getCommand()).config().augment()).isFalse();
    }

    @Test
    void helpListsEverySettingWithItsDefault() {
        assertThat(cli.run("study", "--help")).isZero();
        assertThat(cli.out.toString()).contains("--teacher-lr=LR", "--student-lr=LR", "--student-schedule=cosine|constant",
                "--[no-]augment", "--method-param=METHOD.PARAM=VALUE", "Default: 0.9.", "--config=FILE")
                .doesNotContain("E-4");
    }

    @Test
    void aSettingsFileWithAnUnknownKeyIsRejectedByName() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("study.yaml"), "preset: quick\nteacher-epoch: 3\n");
        assertThat(cli.run("study", "--config", yaml.toString(), "--out", tmp.resolve("run").toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("unknown key 'teacher-epoch'", "teacher-epochs");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void unknownModelListsTheValidOnes() {
        assertThat(cli.run("evaluate", "--model", "resnet", "--weights", "x.params")).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("unknown model 'resnet'", "alexnet, student-cnn");
    }

    @Test
    void truncatedCifarBatchIsRejectedBeforeAnythingIsWritten() throws Exception {
        Path batches = Files.createDirectories(tmp.resolve("data").resolve(Cifar10Binary.DIR_NAME));
        for (String name : Cifar10Binary.BATCH_FILES) {
            Files.write(batches.resolve(name), new byte[Cifar10Binary.RECORD_BYTES * 3]);
        }
        int code = cli.run("study", "--data-dir", tmp.resolve("data").toString(), "--out", tmp.resolve("run").toString());
        assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("data_batch_1.bin");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void aGpuRunWithoutAGpuFailsBeforeAnythingIsWritten() {
        assertThat(study(tmp.resolve("run"), "--device", "gpu")).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("libtorch sees no GPU", "--device cpu");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void severalGpusWithoutGpusFailBeforeAnythingIsWritten() {
        assertThat(study(tmp.resolve("run"), "--gpus", "2")).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("--gpus 2 needs 2 GPUs but libtorch sees 0", "--gpus 1");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void existingResultsAreNeverOverwritten() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(run.resolve("results.md"), "keep me");
        assertThat(study(run)).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("already holds files");
        assertThat(Files.readString(run.resolve("results.md"))).isEqualTo("keep me");
    }

    @Test
    void modelsListsParametersSizeAndMacs() {
        assertThat(cli.run("models")).isZero();
        assertThat(cli.out.toString())
                .contains("alexnet").contains("5,080,970")
                .contains("student-cnn").contains("419,754").contains("6,003,328")
                .contains("alexnet-227").contains("58,325,066").contains("student-227").contains("742,986");
    }

    @Test
    void methodsListsEveryMethodWithItsParameters() {
        assertThat(cli.run("methods")).isZero();
        assertThat(cli.out.toString()).contains("rkd.distance-weight=25.0", "rkd.angle-weight=50.0", "sp.weight=3000.0",
                "fitnets.weight=100.0", "at.weight=1000.0", "dkd.non-target-weight=8.0", "kd.alpha=0.5", "CVPR 2019",
                "rkd+kd");
    }

    @Test
    void methodsAndSeedsTrainOneStudentPerMethodAndSeedAndReportThem() throws Exception {
        Path run = tmp.resolve("methods");
        int code = study(run, "--methods", "ce,rkd+kd,fitnets", "--seeds", "2", "--method-param", "rkd.angle-weight=10");
        assertThat(code).as(cli.err.toString()).isZero();
        for (String f : List.of("models/student-ce-s1.params", "models/student-ce-s2.params",
                "models/student-rkd+kd-s2.params", "models/student-fitnets-s1.params", "report.html", "evaluation.json")) {
            assertThat(run.resolve(f)).isNotEmptyFile();
        }
        JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        assertThat(results.at("/models").size()).isEqualTo(7);
        assertThat(results.at("/models/6/group").asText()).isEqualTo("student-fitnets");
        assertThat(results.at("/models/6/method").asText()).isEqualTo("fitnets");
        assertThat(results.at("/models/6/seed").asLong()).isEqualTo(2);
        // every model trained here has a best epoch by validation accuracy, its weights kept and tested
        for (int i = 0; i < 7; i++) {
            assertThat(results.at("/models/" + i + "/best/epoch").asInt()).isBetween(1, 3);
            assertThat(results.at("/models/" + i + "/best/test_acc").asDouble()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
        }
        assertThat(run.resolve("models/best/student-fitnets-s2.params")).isNotEmptyFile();
        assertThat(run.resolve("models/best/teacher.params")).isNotEmptyFile();
        assertThat(Files.readString(run.resolve("results.md"))).contains("best epoch: test % (epoch)");
        assertThat(results.at("/models/2/alpha").asDouble()).isEqualTo(0.5);
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/settings/method_params/rkd.angle-weight").asDouble()).isEqualTo(10);
        assertThat(Files.readString(run.resolve("report.html"))).contains("student-rkd+kd").contains("2 seeds");
    }

    @Test
    void aMethodTheModelsCannotServeFailsBeforeAnythingIsWritten() {
        Path run = tmp.resolve("mismatch");
        assertThat(study(run, "--methods", "ce,fitnets", "--student-model", "student-227")).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("method fitnets needs a teacher feature map of 6×6", "alexnet");
        assertThat(run).doesNotExist();
    }

    @Test
    void precisionAutoIsRecordedAsWhatItMeantHereAndTheReportSaysIt() throws Exception {
        Path run = tmp.resolve("auto");
        assertThat(study(run, "--alphas", "1", "--precision", "auto")).as(cli.err.toString()).isZero();
        String expected = Precision.resolve("auto", ComputeDevice.cpu()).label();
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/settings/precision").asText()).isEqualTo(expected);
        assertThat(config.at("/provenance/cpu_native_bf16").asBoolean()).isEqualTo(expected.equals("bf16"));
        assertThat(Files.readString(run.resolve("report.html")))
                .contains(expected.equals("bf16") ? "ran in bfloat16 autocast" : "float32 throughout");
    }

    @Test
    void legacyNotebookLossIsRecordedAndDescribed() throws Exception {
        Path run = tmp.resolve("legacy");
        assertThat(study(run, "--alphas", "1,0", "--legacy-notebook-loss")).as(cli.err.toString()).isZero();
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/settings/legacy_notebook_loss").asBoolean()).isTrue();
        assertThat(Files.readString(run.resolve("results.md"))).contains("--legacy-notebook-loss");
    }

    @Test
    void versionNamesTheLibraries() {
        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out.toString()).contains("distill4j").contains("JavaCPP PyTorch 2.10.0").contains("libtorch 2.10.0");
    }
}
