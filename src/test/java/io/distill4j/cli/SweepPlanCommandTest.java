package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.BadInputException;
import io.distill4j.data.Normalization;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import io.distill4j.sweep.PlanFile;
import io.distill4j.sweep.Shards;
import io.distill4j.sweep.SweepPlan;
import io.distill4j.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill sweep plan}, shard selection and the bad inputs of a sweep; nothing is trained here. */
class SweepPlanCommandTest {
    /** 3 methods × 2 α × 2 seeds on tiny synthetic data: the sweep the issue names. */
    static final String TWELVE = """
            settings:
              preset: quick
              dataset: synthetic
              teacher-model: student-cnn
              train-limit: 300
              teacher-epochs: 1
              student-epochs: 1
              batch-size: 64
              threads: 1
            grid:
              methods: [ce, kd, sp+kd]
              method-param: [{kd.alpha: 0.5}, {kd.alpha: 0.9}]
              seed: [1, 2]
            """;

    @TempDir Path tmp;
    private final Cli cli = new Cli();

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void theGridExpandsIntoNumberedCellsWithTheirFullSettingsAndHashes() throws Exception {
        Path sweep = tmp.resolve("sweep");
        assertThat(cli.run("sweep", "plan", "--config", file("s.yaml", TWELVE).toString(), "--out", sweep.toString()))
                .as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("planned 12 cells and 1 teacher", "cell 11: methods sp+kd, method-param"
                + " kd.alpha=0.9, seed 2 (teacher 0)");
        JsonNode plan = new ObjectMapper().readTree(sweep.resolve("plan.json").toFile());
        assertThat(plan.path("cells")).hasSize(12);
        // the last key varies fastest
        assertThat(plan.at("/cells/0/label").asText()).isEqualTo("methods ce, method-param kd.alpha=0.5, seed 1");
        assertThat(plan.at("/cells/1/settings/seed").asLong()).isEqualTo(2);
        assertThat(plan.at("/cells/2/settings/method_params/kd.alpha").asDouble()).isEqualTo(0.9);
        assertThat(plan.at("/cells/4/settings/methods/0").asText()).isEqualTo("kd");
        assertThat(plan.at("/cells/4/run").asText()).isEqualTo("method-param kd.alpha=0.5");
        assertThat(plan.at("/cells/4/settings/student_epochs").asInt()).isEqualTo(1);
        assertThat(plan.at("/cells/4/settings/threads").asInt()).isEqualTo(1);
        assertThat(plan.at("/teachers/0/weights").asText()).isEqualTo("teachers/0/models/teacher.params");
        assertThat(plan.at("/teachers/0/settings/teacher_epochs").asInt()).isEqualTo(1);
        HashSet<String> hashes = new HashSet<>();
        plan.path("cells").forEach(c -> hashes.add(c.path("hash").asText()));
        assertThat(hashes).hasSize(12).allMatch(h -> h.matches("[0-9a-f]{64}"));

        SweepPlan read = PlanFile.read(sweep);
        assertThat(read.hash()).isEqualTo(plan.path("hash").asText());
        assertThat(read.cells().get(7).config()).isEqualTo(SweepPlan.expand(SweepSpec.read(tmp.resolve("s.yaml"))).cells().get(7).config());

        Cli again = new Cli();
        assertThat(again.run("sweep", "plan", "--config", tmp.resolve("s.yaml").toString(), "--out", sweep.toString())).isZero();
        assertThat(again.out.toString()).contains("unchanged");
    }

    @Test
    void hashesFollowTheSettings() throws Exception {
        SweepPlan a = SweepPlan.expand(SweepSpec.read(file("a.yaml", TWELVE)));
        SweepPlan b = SweepPlan.expand(SweepSpec.read(file("b.yaml", TWELVE.replace("student-epochs: 1", "student-epochs: 2"))));
        SweepPlan c = SweepPlan.expand(SweepSpec.read(file("c.yaml", TWELVE)));
        assertThat(c.hash()).isEqualTo(a.hash());
        assertThat(IntStream.range(0, 12).mapToObj(k -> c.cells().get(k).hash()).toList())
                .isEqualTo(IntStream.range(0, 12).mapToObj(k -> a.cells().get(k).hash()).toList());
        assertThat(b.hash()).isNotEqualTo(a.hash());
        assertThat(b.cells().get(0).hash()).isNotEqualTo(a.cells().get(0).hash());
    }

    @Test
    void aSweepDirectoryOfAnotherPlanIsRefusedAndKept() throws Exception {
        Path sweep = tmp.resolve("sweep");
        assertThat(cli.run("sweep", "plan", "--config", file("s.yaml", TWELVE).toString(), "--out", sweep.toString())).isZero();
        byte[] before = Files.readAllBytes(sweep.resolve("plan.json"));
        Cli other = new Cli();
        assertThat(other.run("sweep", "plan", "--config", file("t.yaml", TWELVE.replace("seed: [1, 2]", "seed: [1, 3]"))
                .toString(), "--out", sweep.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        other.assertOneLineError("holds the plan of another sweep", "plan into a new directory");
        assertThat(Files.readAllBytes(sweep.resolve("plan.json"))).isEqualTo(before);

        // a cell folder written under another plan
        Path cell = Files.createDirectories(sweep.resolve("cells/3"));
        Files.writeString(cell.resolve("state.json"), "{\"state\":\"done\",\"plan\":\"abc\",\"hash\":\"def\",\"error\":null,"
                + "\"host\":\"h\",\"pid\":1,\"started\":\"x\",\"finished\":\"y\",\"seconds\":1}");
        Cli run = new Cli();
        assertThat(run.run("sweep", "run", sweep.toString(), "--cell", "3")).isEqualTo(Main.EXIT_BAD_INPUT);
        run.assertOneLineError("cell 3", "was run under another plan");

        // a plan changed by hand
        Files.writeString(sweep.resolve("plan.json"), new String(before).replace("\"student_epochs\" : 1", "\"student_epochs\" : 5"));
        Cli edited = new Cli();
        assertThat(edited.run("sweep", "status", sweep.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        edited.assertOneLineError("was changed after planning");
    }

    @Test
    void unknownGridKeysListTheValidNames() throws Exception {
        Path sweep = tmp.resolve("sweep");
        assertThat(cli.run("sweep", "plan", "--config", file("s.yaml", TWELVE.replace("seed: [1, 2]", "sead: [1, 2]")).toString(),
                "--out", sweep.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("unknown grid key 'sead'; valid keys are", "methods", "seed", "temperature");
        assertThat(sweep).doesNotExist();
    }

    @Test
    void badGridsAreOneLineAndExitTwo() throws Exception {
        Map<String, String> cases = Map.of(
                TWELVE.replace("seed: [1, 2]", "teacher-epochs: [1, 2]"), "grid key 'teacher-epochs' changes the teacher",
                TWELVE.replace("seed: [1, 2]", "seed: [1, 1]"), "repeats the value 1",
                TWELVE.replace("seed: [1, 2]", "temperature: [4, 0]"), "cell 1 (methods ce, method-param kd.alpha=0.5,"
                        + " temperature 0): --temperature 0.0 is outside (0, 100]",
                TWELVE.replace("seed: [1, 2]", "seed: 1"), "grid key 'seed' needs a list of values",
                TWELVE.replace("grid:", "grids:"), "holds no grid",
                TWELVE.replace("threads: 1", "threads: 1\n  batch-size: 3"), "is not valid YAML");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Cli one = new Cli();
            Path sweep = tmp.resolve("bad");
            assertThat(one.run("sweep", "plan", "--config", file("bad.yaml", c.getKey()).toString(), "--out", sweep.toString()))
                    .as(c.getValue()).isEqualTo(Main.EXIT_BAD_INPUT);
            one.assertOneLineError(c.getValue());
            assertThat(sweep).doesNotExist();
        }
    }

    @Test
    void cellsThatDisagreeWithTheSweepsTeacherAreRefused() throws Exception {
        Path weights = tmp.resolve("teacher.params");
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
            net.save(weights, ModelManifest.of(net, new Normalization(new float[] {1, 1, 1}, new float[] {1, 1, 1}),
                    ModelManifest.CIFAR10_CLASSES, "synthetic", null));
        }
        String given = TWELVE.replace("  teacher-epochs: 1\n", "  teacher: " + weights + "\n")
                .replace("teacher-model: student-cnn", "teacher-model: alexnet");
        Path sweep = tmp.resolve("sweep");
        assertThat(cli.run("sweep", "plan", "--config", file("s.yaml", given).toString(), "--out", sweep.toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("cell 0 (methods ce, method-param kd.alpha=0.5, seed 1) disagrees with the sweep's teacher",
                "is a student-cnn but the cell's teacher-model is alexnet");
        assertThat(sweep).doesNotExist();

        Cli data = new Cli();
        String cifar = given.replace("dataset: synthetic", "dataset: cifar10").replace("teacher-model: alexnet",
                "teacher-model: student-cnn");
        assertThat(data.run("sweep", "plan", "--config", file("c.yaml", cifar).toString(), "--out", sweep.toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);
        data.assertOneLineError("disagrees with the sweep's teacher", "was trained on synthetic but the cell runs on cifar10");

        Cli two = new Cli();
        String datasets = given.replace("  dataset: synthetic\n", "").replace("teacher-model: alexnet",
                "teacher-model: student-cnn\n  allow-other-data: true")
                .replace("seed: [1, 2]", "dataset: [synthetic, cifar10]");
        assertThat(two.run("sweep", "plan", "--config", file("d.yaml", datasets).toString(), "--out", sweep.toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);
        two.assertOneLineError("gives one teacher", "its grid has 2 datasets");
    }

    @Test
    void aCellOutsideThePlanAndAMissingTeacherAreRefused() throws Exception {
        Path sweep = tmp.resolve("sweep");
        assertThat(cli.run("sweep", "plan", "--config", file("s.yaml", TWELVE).toString(), "--out", sweep.toString())).isZero();
        Cli outside = new Cli();
        assertThat(outside.run("sweep", "run", sweep.toString(), "--cell", "12")).isEqualTo(Main.EXIT_BAD_INPUT);
        outside.assertOneLineError("cell 12 is outside the plan, whose cells are 0 to 11");
        Cli untrained = new Cli();
        assertThat(untrained.run("sweep", "run", sweep.toString(), "--shard", "1/4")).isEqualTo(Main.EXIT_BAD_INPUT);
        untrained.assertOneLineError("cell 1 needs teacher 0, which is not trained yet", "distill sweep teacher");
        assertThat(sweep.resolve("cells")).doesNotExist();
        Cli status = new Cli();
        assertThat(status.run("sweep", "status", sweep.toString())).isZero();
        assertThat(status.out.toString()).contains("12 cells: 0 done, 0 running, 0 failed, 12 pending", "teacher 0: pending");
        Cli report = new Cli();
        assertThat(report.run("sweep", "report", sweep.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        report.assertOneLineError("no cell of", "is complete yet");
    }

    @Test
    void shardsTakeEveryNthCellAndTheSchedulersIndex() {
        assertThat(Shards.shard("1/4", 12, Map.of())).containsExactly(1, 5, 9);
        assertThat(Shards.shard("3/4", 14, Map.of())).containsExactly(3, 7, 11);
        assertThat(Shards.shard("4", 12, Map.of("SLURM_ARRAY_TASK_ID", "2"))).containsExactly(2, 6, 10);
        assertThat(Shards.shard("4", 12, Map.of("JOB_COMPLETION_INDEX", "0"))).containsExactly(0, 4, 8);
        assertThat(Shards.shard("4", 12, Map.of("SLURM_ARRAY_TASK_ID", "3", "JOB_COMPLETION_INDEX", "0")))
                .containsExactly(3, 7, 11);
        assertThat(Shards.shard("5/6", 3, Map.of())).isEmpty();
        assertThat(Shards.cell(null, Map.of("JOB_COMPLETION_INDEX", "7"))).isEqualTo(7);
        assertThat(Shards.cell("5", Map.of("JOB_COMPLETION_INDEX", "7"))).isEqualTo(5);
        List<Runnable> bad = List.of(() -> Shards.shard("4/4", 12, Map.of()), () -> Shards.shard("0/0", 12, Map.of()),
                () -> Shards.shard("a/4", 12, Map.of()), () -> Shards.shard("4", 12, Map.of()),
                () -> Shards.cell(null, Map.of()), () -> Shards.cell("-1", Map.of()),
                () -> Shards.cell(null, Map.of("SLURM_ARRAY_TASK_ID", "x")));
        bad.forEach(b -> assertThatThrownBy(b::run).isInstanceOf(BadInputException.class));
        assertThatThrownBy(() -> Shards.shard("4", 12, Map.of())).hasMessageContaining("SLURM_ARRAY_TASK_ID")
                .hasMessageContaining("JOB_COMPLETION_INDEX");
    }
}
