package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.archive.Cifar10Binary;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.Network;
import io.distill4j.settings.SettingValues;
import io.distill4j.settings.Settings;
import io.distill4j.settings.SettingsFile;
import io.distill4j.settings.StudyConfig;
import io.distill4j.study.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table "Bad inputs and their messages" (docs/reliability.md), row by row, against what the CLI prints: each
 * input runs through picocli's {@code execute()} and must exit 2 with one line that holds the row's
 * message, where {@code …} stands for any text and DIR, FILE, N and M for a path or a number.
 */
class ReadmeBadInputsTest {
    private static final Pattern ROW = Pattern.compile("^\\| (.+?) \\| (.+) \\|$");
    private static final Pattern QUOTED = Pattern.compile("``\\s?(.+?)\\s?``|`([^`]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("…|\\b(?:DIR|FILE|N|M)\\b");

    @TempDir Path tmp;

    /** A prepared input: the arguments and the file names the README shows in place of the fixture's. */
    private record Input(List<String> args, Map<String, String> names) {
        static Input of(String... args) {
            return new Input(List.of(args), Map.of());
        }
    }

    private interface Fixture {
        Input prepare(Path dir) throws Exception;
    }

    /** Rows whose input is a description: how to produce each, or why a CLI test here cannot. */
    private Map<String, Fixture> fixtures() {
        Map<String, Fixture> f = new LinkedHashMap<>();
        f.put("weights of another model", dir -> Input.of("evaluate", "--dataset", "synthetic", "--model", "alexnet", "--weights",
                saveStudent(dir).toString()));
        f.put("truncated weights file", dir -> {
            Path file = saveStudent(dir);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
            return Input.of("evaluate", "--dataset", "synthetic", "--model", "student-cnn", "--weights", file.toString());
        });
        f.put("truncated CIFAR batch", dir -> {
            Path batches = Files.createDirectories(dir.resolve("data").resolve(Cifar10Binary.DIR_NAME));
            for (String name : Cifar10Binary.BATCH_FILES) {
                Files.write(batches.resolve(name), new byte[Cifar10Binary.RECORD_BYTES * 3]);
            }
            return Input.of("study", "--data-dir", dir.resolve("data").toString(), "--out", dir.resolve("run").toString());
        });
        f.put("`--out` holding files", dir -> {
            Files.writeString(Files.createDirectories(dir.resolve("old")).resolve("results.md"), "keep");
            return Input.of("study", "--dataset", "synthetic", "--out", dir.resolve("old").toString());
        });
        f.put("a run directory in use", dir -> {
            RunDirectory held = RunDirectory.create(dir.resolve("busy"));
            open.add(held);
            Files.writeString(held.path().resolve("config.json"), "{}");
            return Input.of("study", "--resume", held.path().toString());
        });
        f.put("`--resume` with other options", dir -> Input.of("study", "--resume", dir.toString(), "--seed", "3"));
        f.put("`--resume` of a non-run", dir -> Input.of("study", "--resume", dir.toString()));
        f.put("truncated, foreign or corrupt checkpoint", dir -> {
            Path run = Files.createDirectories(dir.resolve("run").resolve("checkpoints"));
            Files.writeString(run.resolve("teacher.ckpt"), "not a checkpoint");
            return Input.of("study", "--resume", runConfig(dir.resolve("run")).toString());
        });
        f.put("`--teacher-torchscript notes.txt` (not TorchScript)", dir -> {
            Files.writeString(dir.resolve("notes.txt"), "not a module");
            Files.copy(torchScriptFixture("tiny-teacher.json"), dir.resolve("notes.json"));
            return torchScriptStudy(dir.resolve("notes.txt"), "synthetic", dir);
        });
        f.put("a TorchScript teacher of other classes", dir -> {
            Input study = torchScriptStudy(torchScriptFixture("tiny-teacher.pt"), "folder", dir);
            List<String> args = new ArrayList<>(study.args());
            args.addAll(List.of("--data-dir", io.distill4j.data.folder.ImageFolders.tree(dir.resolve("photos"), 3, 5).toString()));
            return new Input(args, Map.of());
        });
        f.put("a TorchScript module whose outputs disagree with its manifest", dir -> {
            Path pt = Files.copy(torchScriptFixture("tiny-teacher.pt"), dir.resolve("teacher.pt"));
            com.fasterxml.jackson.databind.node.ObjectNode manifest = (com.fasterxml.jackson.databind.node.ObjectNode)
                    io.distill4j.Json.mapper().readTree(torchScriptFixture("tiny-teacher.json").toFile());
            ((com.fasterxml.jackson.databind.node.ArrayNode) manifest.get("outputs")).remove(3);
            Files.writeString(dir.resolve("teacher.json"), manifest.toString());
            return torchScriptStudy(pt, "synthetic", dir);
        });
        f.put("a teacher manifest with an unknown key", dir -> {
            Path pt = Files.copy(torchScriptFixture("tiny-teacher.pt"), dir.resolve("teacher.pt"));
            Files.writeString(dir.resolve("teacher.json"),
                    Files.readString(torchScriptFixture("tiny-teacher.json")).replaceFirst("\\{", "{\"input_size\": 16,"));
            return torchScriptStudy(pt, "synthetic", dir);
        });
        f.put("`evaluate --run` of a non-run", dir -> Input.of("evaluate", "--run", dir.toString()));
        f.put("`evaluate --run` of a run with no saved model yet",
                dir -> Input.of("evaluate", "--run", runConfig(dir.resolve("run")).toString()));
        f.put("`--config` with `teacher-epoch: 3`", dir -> new Input(List.of("study", "--config",
                Files.writeString(dir.resolve("s.yaml"), "teacher-epoch: 3\n").toString()), Map.of("s.yaml", dir.resolve("s.yaml").toString())));
        f.put("`--config` with a wrong type", dir -> new Input(List.of("study", "--config",
                Files.writeString(dir.resolve("s.json"), "{\"temperature\": \"hot\"}").toString()),
                Map.of("s.json", dir.resolve("s.json").toString())));
        f.put("unknown option", dir -> Input.of("study", "--frobnicate"));
        f.put("`--dataset folder` without `--data-dir`", dir -> Input.of("study", "--dataset", "folder"));
        f.put("`--dataset parquet` without `--data-dir`", dir -> Input.of("study", "--dataset", "parquet"));
        f.put("`--labels coarse` without `--dataset cifar100`", dir -> Input.of("study", "--labels", "coarse"));
        f.put("an image folder without class folders", dir -> folder(dir));
        f.put("an image folder of one class", dir -> {
            image(dir, "cats/1.png");
            return folder(dir);
        });
        f.put("a class folder without images", dir -> {
            image(dir, "cats/1.png");
            Files.createDirectories(dir.resolve("dogs"));
            return folder(dir);
        });
        f.put("a corrupt or truncated image", dir -> {
            image(dir, "cats/1.png");
            Path jpg = image(dir, "dogs/7.jpg");
            byte[] bytes = Files.readAllBytes(jpg);
            Files.write(jpg, Arrays.copyOf(bytes, bytes.length / 2));
            return folder(dir);
        });
        f.put("a file that is not an image", dir -> {
            image(dir, "cats/1.png");
            image(dir, "dogs/1.png");
            Files.writeString(dir.resolve("dogs/notes.txt"), "not an image");
            return folder(dir);
        });
        f.put("a link loop in the folder", dir -> {
            image(dir, "cats/1.png");
            image(dir, "dogs/1.png");
            Files.createSymbolicLink(dir.resolve("dogs/back"), dir);
            return folder(dir);
        });
        f.put("an unlabelled folder with a sub-folder", dir -> {
            image(dir, "cats/1.png");
            return new Input(List.of("study", "--dataset", "synthetic", "--unlabelled-dir", dir.toString(), "--out",
                    dir.resolveSibling("unlabelled-run").toString()), Map.of("ROOT", dir.toString()));
        });
        f.put("`export` of weights without a manifest", dir -> Input.of("export", "--weights", saveStudent(dir).toString(),
                "--format", "onnx"));
        f.put("`export` into an `--out` that holds files", dir -> {
            Path weights = io.distill4j.export.ExportFixtures.save(io.distill4j.export.ExportFixtures.CASES.get(0), 1, dir);
            Files.writeString(Files.createDirectories(dir.resolve("out")).resolve("keep.txt"), "keep");
            return Input.of("export", "--weights", weights.toString(), "--format", "onnx", "--out", dir.resolve("out").toString());
        });
        f.put("a sweep file with an unknown grid key", dir -> Input.of("sweep", "plan", "--config", Files.writeString(
                dir.resolve("s.yaml"), SweepPlanCommandTest.TWELVE.replace("seed:", "sead:")).toString(),
                "--out", dir.resolve("sweep").toString()));
        f.put("`sweep plan --out` holding another sweep's plan", dir -> Input.of("sweep", "plan", "--config",
                Files.writeString(dir.resolve("t.yaml"), SweepPlanCommandTest.TWELVE.replace("seed: [1, 2]", "seed: [3]"))
                        .toString(), "--out", sweep(dir).toString()));
        f.put("a sweep teacher that disagrees with its cells", dir -> {
            Path weights = dir.resolve("teacher.params");
            try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
                net.save(weights, io.distill4j.model.ModelManifest.of(net, new io.distill4j.data.Normalization(
                        new float[] {1, 1, 1}, new float[] {1, 1, 1}), io.distill4j.model.ModelManifest.CIFAR10_CLASSES,
                        "synthetic", null));
            }
            return Input.of("sweep", "plan", "--config", Files.writeString(dir.resolve("s.yaml"), SweepPlanCommandTest.TWELVE
                    .replace("teacher-model: student-cnn", "teacher: " + weights)).toString(), "--out", dir.resolve("sweep").toString());
        });
        f.put("`sweep run --cell` outside the plan", dir -> Input.of("sweep", "run", sweep(dir).toString(), "--cell", "12"));
        f.put("`sweep run` before `sweep teacher`", dir -> Input.of("sweep", "run", sweep(dir).toString(), "--cell", "0"));
        return f;
    }

    /** @return a sweep of 12 cells planned into {@code dir/sweep} */
    private static Path sweep(Path dir) throws Exception {
        Path sweep = dir.resolve("sweep");
        Cli cli = new Cli();
        assertThat(cli.run("sweep", "plan", "--config", Files.writeString(dir.resolve("s.yaml"), SweepPlanCommandTest.TWELVE)
                .toString(), "--out", sweep.toString())).as(cli.err.toString()).isZero();
        return sweep;
    }

    /** Rows not run here, each with the reason and the test that covers it instead. */
    private static final Map<String, String> SKIPPED = Map.of(
            "label outside 0–9", "a message described in words; Cifar10BinaryTest checks it",
            "missing batch file", "a message described in words; Cifar10StoreTest checks it",
            "no data, no network", "needs the network to be absent; Cifar10StoreTest checks it against a local server",
            "archive with a wrong MD5", "needs a download; Cifar10StoreTest checks it against a local server",
            "archive entry `../x`, absolute or a link", "a message described in words; Cifar10ArchivePropertyTest checks it",
            "a folder changed while its cache is built", "a race; ImageFolderBadInputTest"
                    + ".aFolderChangedWhileItsCacheIsBuiltIsRefused checks it",
            "`--out` not writable / too little space", "needs a read-only or full file system (root, as tests often run,"
                    + " ignores permissions)",
            "`export` of a network with a layer the exporter does not know", "no registered architecture has one;"
                    + " LayerWalkTest checks it on hand-built blocks");

    private final List<RunDirectory> open = new ArrayList<>();

    /** A study on the image folder {@code dir}, which the messages call ROOT. */
    private static Input folder(Path dir) {
        return new Input(List.of("study", "--dataset", "folder", "--data-dir", dir.toString(), "--image-size", "8",
                "--out", dir.resolveSibling(dir.getFileName() + "-run").toString()), Map.of("ROOT", dir.toString()));
    }

    private static Path image(Path dir, String name) {
        return io.distill4j.data.folder.ImageFolders.write(dir.resolve(name), io.distill4j.data.folder.ImageFolders.noise(20, 20, 1),
                name.endsWith(".png") ? "png" : "jpg");
    }

    private static Path torchScriptFixture(String name) throws Exception {
        return Path.of(ReadmeBadInputsTest.class.getResource("/torchscript/" + name).toURI());
    }

    private static Input torchScriptStudy(Path module, String dataset, Path dir) {
        return Input.of("study", "--dataset", dataset, "--teacher-torchscript", module.toString(), "--out",
                dir.resolve("run").toString());
    }

    /** @return {@code run}, holding the {@code config.json} of a quick synthetic study and nothing else */
    private static Path runConfig(Path run) throws Exception {
        StudyConfig config = StudyConfig.of(SettingValues.empty().with(Settings.PRESET, "quick")
                .with(Settings.DATASET, "synthetic").with(Settings.TEACHER_EPOCHS, 1).with(Settings.THREADS, 1));
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"),
                io.distill4j.Json.mapper().writeValueAsString(Map.of("settings", SettingsFile.toJson(config))));
        return run;
    }

    private static Path saveStudent(Path dir) throws Exception {
        Path file = dir.resolve("student.params");
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
            net.save(file);
        }
        return file;
    }

    @Test
    void everyRowOfTheReadmeTableIsTheMessageTheCliPrints() throws Exception {
        List<String[]> rows = rows();
        assertThat(rows).hasSizeGreaterThan(15);
        Map<String, Fixture> fixtures = fixtures();
        List<String> checked = new ArrayList<>();
        SoftAssertions soft = new SoftAssertions();
        try {
            for (String[] row : rows) {
                String input = row[0];
                List<String> messages = quoted(row[1]);
                if (SKIPPED.containsKey(input)) {
                    continue;
                }
                assertThat(messages).as("row '%s' quotes its message", input).isNotEmpty();
                List<Input> inputs = new ArrayList<>();
                if (fixtures.containsKey(input)) {
                    inputs.add(fixtures.get(input).prepare(Files.createTempDirectory(tmp, "row")));
                } else {
                    for (String command : quoted(input)) {
                        List<String> args = new ArrayList<>(List.of(command.split(" ")));
                        if (args.get(0).startsWith("--")) {
                            args.add(0, "study");
                        }
                        inputs.add(new Input(args, Map.of()));
                    }
                }
                assertThat(inputs).as("row '%s': a quoted command line, a fixture or a reason to skip", input).isNotEmpty();
                for (int i = 0; i < inputs.size(); i++) {
                    expect(soft, inputs.get(i), messages.get(Math.min(i, messages.size() - 1)));
                    checked.add(input);
                }
            }
        } finally {
            open.forEach(RunDirectory::close);
        }
        soft.assertAll();
        assertThat(rows.stream().map(r -> r[0]).toList()).containsAll(fixtures.keySet()).containsAll(SKIPPED.keySet());
        System.out.println("docs/reliability.md bad-input rows checked: " + checked.size() + ", skipped by design: " + SKIPPED.size());
    }

    private void expect(SoftAssertions soft, Input input, String template) {
        Cli cli = new Cli();
        int code = cli.run(input.args().toArray(String[]::new));
        soft.assertThat(code).as("exit code of %s: %s", input.args(), cli.err).isEqualTo(Main.EXIT_BAD_INPUT);
        List<String> lines = cli.err.toString().lines().toList();
        soft.assertThat(lines).as("stderr of %s", input.args()).hasSize(1).allMatch(l -> l.startsWith("error: "));
        String line = lines.isEmpty() ? "" : lines.get(0).replaceFirst("^error: ", "");
        for (Map.Entry<String, String> name : input.names().entrySet()) {
            template = template.replace(name.getKey(), name.getValue());
        }
        soft.assertThat(matches(template, line)).as("%s%ndocs:   %s%nCLI:    %s", input.args(), template, line).isTrue();
    }

    /** @return whether the message starts with the template's fixed parts, in order, with anything at the placeholders */
    static boolean matches(String template, String message) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(at, m.start()))).append(".*?");
            at = m.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(message).lookingAt();
    }

    @Test
    void theTemplateMatchingRejectsAnotherMessage() {
        assertThat(matches("--temperature 0.0 is outside (0, 100]", "--temperature 0.0 is outside (0, 100]: use e.g. 4")).isTrue();
        assertThat(matches("cannot read weights … the file is truncated", "cannot read weights a (EOF): the file is truncated"))
                .isTrue();
        assertThat(matches("only N MB free under DIR", "only 3 MB free under /x")).isTrue();
        assertThat(matches("--teacher-epochs -1 is outside [1, 1000]", "--teacher-epochs -1 is outside [0, 1000]")).isFalse();
        assertThat(matches("… valid datasets are cifar10", "unknown preset 'x': valid presets are")).isFalse();
    }

    private static List<String> quoted(String cell) {
        List<String> found = new ArrayList<>();
        Matcher m = QUOTED.matcher(cell);
        while (m.find()) {
            found.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return found;
    }

    private static List<String[]> rows() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("docs", "reliability.md"));
        int start = lines.indexOf("## Bad inputs and their messages");
        assertThat(start).as("docs/reliability.md section 'Bad inputs and their messages'").isPositive();
        List<String[]> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            Matcher m = ROW.matcher(lines.get(i));
            if (m.matches() && !m.group(1).equals("input") && !m.group(1).startsWith("---")) {
                rows.add(new String[] {m.group(1), m.group(2)});
            }
        }
        return rows;
    }
}
