package io.distill4j.cli;

import io.distill4j.BadInputException;
import io.distill4j.cluster.Cluster;
import io.distill4j.cluster.ClusterSpec;
import io.distill4j.data.Dataset;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.launch.Launch;
import io.distill4j.launch.SettingOptions;
import io.distill4j.model.DeviceChoice;
import io.distill4j.report.ResultsWriter;
import io.distill4j.settings.SettingValues;
import io.distill4j.settings.SettingsFile;
import io.distill4j.settings.StudyConfig;
import io.distill4j.study.RunDirectory;
import io.distill4j.study.Study;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill study}: teacher, students, evaluation and report in one command. */
@Command(name = "study", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.class,
        description = "Train the teacher and one student per α or method, evaluate them and write the results.")
public final class StudyCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (JSON, or YAML for .yaml/.yml); keys are the option names, flags override it.")
    Path configFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (new). Default: runs/<timestamp>-study.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue a killed study from its last checkpoints, with its saved settings.")
    Path resume;

    @Option(names = "--device", paramLabel = "cpu|gpu|auto",
            description = "Where to train: cpu, gpu, or auto (the GPU where libtorch sees one). Default: ${DEFAULT-VALUE}.")
    String device = "auto";

    /** Options that may accompany {@code --resume}: where to run, not what to run. */
    private static final java.util.Set<String> RESUMABLE = java.util.Set.of("--resume", "--device", "--gpus");

    @Mixin ClusterOptions clusterOptions;

    @Option(names = "--dry-run", description = "Check the settings, the teacher and the data (nothing downloaded or"
            + " decoded), print what the study would do, and stop: nothing is written.")
    boolean dryRun;

    @Option(names = "--gpus", paramLabel = "N",
            description = "Split every training batch over N GPUs (data-parallel). Default: ${DEFAULT-VALUE}.")
    int gpus = 1;

    @Override
    public Integer call() throws Exception {
        ClusterSpec cluster = clusterOptions.spec();
        if (cluster.distributed() && gpus > 1) {
            throw new BadInputException("--gpus " + gpus + " splits a batch over one process's GPUs; with --nodes, start"
                    + " one process per GPU (--gpus 1) instead");
        }
        if (cluster.rank() > 0) {
            if (dryRun) {
                // Rank 0 checks and prints the plan without joining; this rank has nothing to check.
                spec.commandLine().getOut().println("rank " + cluster.rank() + " of " + cluster.nodes()
                        + ": --dry-run: rank 0 checks the settings and the data; nothing to do here");
                return 0;
            }
            return Follower.run(cluster, spec, device);
        }
        if (resume != null) {
            List<String> others = spec.commandLine().getParseResult().matchedOptions().stream()
                    .map(o -> o.longestName()).filter(n -> !RESUMABLE.contains(n) && !ClusterOptions.NAMES.contains(n))
                    .toList();
            if (!others.isEmpty()) {
                throw new BadInputException("--resume continues " + resume + " with its saved settings: drop "
                        + String.join(", ", others));
            }
            try (RunDirectory run = RunDirectory.open(resume)) {
                StudyConfig config = run.readConfig();
                Launch.threads(config.threads());
                try (Dataset dataset = Datasets.load(config.dataRequest(), Main.console(spec))) {
                    return run(config, run, dataset, target(), cluster);
                }
            }
        }
        StudyConfig config = config();
        Launch.threads(config.threads());
        List<ComputeDevice> target = target();
        // Before any download: features depend on the image side, not on the class count; run() checks again on the data.
        io.distill4j.study.MethodCheck.run(config, io.distill4j.model.InputShape.CIFAR10, target.size(), cluster.distributed());
        if (dryRun) {
            DryRun.print(config, target, spec.commandLine().getOut(), out);
            return 0;
        }
        try (Dataset dataset = Datasets.load(config.dataRequest(), Main.console(spec))) {
            Study.checkTeacher(config, dataset);
            try (RunDirectory run = RunDirectory.create(this.out)) {
                return run(config, run, dataset, target, cluster);
            }
        }
    }

    /** Resolves {@code --device} and {@code --gpus}; call after the threads are configured (it may start the engine). */
    private List<ComputeDevice> target() {
        return DeviceChoice.parse(device).resolveAll(gpus);
    }

    private int run(StudyConfig config, RunDirectory run, Dataset dataset, List<ComputeDevice> target,
            ClusterSpec clusterSpec) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("study → " + run.path().toAbsolutePath());
        out.flush();
        Study.Outcome outcome;
        if (clusterSpec.distributed()) {
            out.println(Follower.joining(clusterSpec));
            out.flush();
            try (Cluster cluster = Cluster.join(clusterSpec)) {
                Follower.sendSettings(cluster, config);
                outcome = new Study(config, run, Main.trainingConsole(spec), target, Main.progress(spec), cluster).run(dataset);
                out.println(cluster.traffic());
            }
        } else {
            outcome = new Study(config, run, Main.trainingConsole(spec), target, Main.progress(spec)).run(dataset);
        }
        out.println();
        out.println(ResultsWriter.markdown("Results", "", outcome.models(), java.util.Map.of()));
        out.println("Results, charts and weights in " + run.path());
        out.flush();
        return 0;
    }

    /** @return defaults, then the --config file, then the flags, validated */
    StudyConfig config() {
        SettingValues flags = SettingOptions.given(spec);
        return StudyConfig.of(configFile != null ? flags.over(SettingsFile.read(configFile)) : flags);
    }
}
