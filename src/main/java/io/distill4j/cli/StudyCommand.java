package io.distill4j.cli;

import io.distill4j.data.Dataset;
import io.distill4j.BadInputException;
import io.distill4j.report.ConsoleProgress;
import io.distill4j.report.ResultsWriter;
import io.distill4j.data.Cifar10Store;
import io.distill4j.study.StudyOptions;
import io.distill4j.study.RunDirectory;
import io.distill4j.study.Study;
import io.distill4j.study.StudyConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import ai.djl.Device;
import io.distill4j.model.DeviceChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill study}: teacher, students, evaluation and report in one command. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Train the teacher and one student per α or method, evaluate them and write the results.")
public final class StudyCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin DataOptions data;

    @Option(names = "--preset",
            description = "standard (the study's protocol, default), quick (minutes) or paper (the notebook's 227×227 setup, for a GPU).")
    String preset;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (JSON, or YAML for .yaml/.yml); keys are the option names, flags override it.")
    Path configFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (new). Default: runs/<timestamp>-study.")
    Path out;

    @Option(names = "--seed", description = "Seed of initialization, batch order, augmentation, dropout. Default: 1.")
    Long seed;

    @Option(names = "--alphas", split = ",", paramLabel = "A", description = "Label-loss weights, one student each. Default: 1,0,0.5.")
    List<Double> alphas;

    @Option(names = "--temperature", paramLabel = "T", description = "Distillation temperature. Default: 4.")
    Double temperature;

    @Option(names = "--teacher-epochs", paramLabel = "N", description = "Teacher epochs (standard 20, quick 3).")
    Integer teacherEpochs;

    @Option(names = "--student-epochs", paramLabel = "N", description = "Student epochs (standard 10, quick 3).")
    Integer studentEpochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Training batch size. Default: 128.")
    Integer batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads. Default: all cores.")
    Integer threads;

    @Option(names = "--teacher-model", paramLabel = "NAME", description = "Teacher architecture (see `distill models`). Default: the preset's.")
    String teacherModel;

    @Option(names = "--student-model", paramLabel = "NAME", description = "Student architecture (see `distill models`). Default: the preset's.")
    String studentModel;

    @Option(names = "--teacher", paramLabel = "FILE", description = "Reuse trained teacher weights (models/teacher.params).")
    Path teacher;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training images (0 = all).")
    Integer trainLimit;

    @Option(names = "--no-augment", description = "Switch off random crop and flip.")
    boolean noAugment;

    @Option(names = "--methods", split = ",", paramLabel = "M",
            description = "Distillation methods, one student each, e.g. ce,kd,rkd,sp,fitnets,at,dkd or rkd+kd (see `distill methods`). Replaces --alphas.")
    List<String> methods;

    @Option(names = "--method-param", paramLabel = "METHOD.PARAM=VALUE",
            description = "Override a method hyper-parameter, e.g. rkd.angle-weight=50 (repeatable).")
    Map<String, Double> methodParams;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Train each student configuration N times with seeds seed..seed+N-1 (3+ recommended). Default: 1.")
    Integer seeds;

    @Option(names = "--legacy-notebook-loss",
            description = "Reproduce the original notebook's defects (double softmax, T=1 soft targets, teacher in training mode, test normalized with ImageNet statistics). For comparison only.")
    boolean legacyNotebookLoss;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue a killed study from its last checkpoints, with its saved settings.")
    Path resume;

    @Option(names = "--device", paramLabel = "cpu|gpu|auto",
            description = "Where to train: cpu, gpu, or auto (the GPU where libtorch sees one). Default: ${DEFAULT-VALUE}.")
    String device = "auto";

    /** Options that may accompany {@code --resume}: where to run, not what to run. */
    private static final java.util.Set<String> RESUMABLE = java.util.Set.of("--resume", "--device", "--gpus");

    @Option(names = "--gpus", paramLabel = "N",
            description = "Split every training batch over N GPUs (data-parallel). Default: ${DEFAULT-VALUE}.")
    int gpus = 1;

    @Override
    public Integer call() throws Exception {
        if (resume != null) {
            List<String> others = spec.commandLine().getParseResult().matchedOptions().stream()
                    .map(o -> o.longestName()).filter(n -> !RESUMABLE.contains(n)).toList();
            if (!others.isEmpty()) {
                throw new BadInputException("--resume continues " + resume + " with its saved settings: drop "
                        + String.join(", ", others));
            }
            try (RunDirectory run = RunDirectory.open(resume)) {
                StudyConfig config = run.readConfig();
                Engines.configureThreads(config.threads());
                return run(config, run, DataOptions.load(config.dataset(), config.dataDir()), target());
            }
        }
        StudyConfig config = config();
        Engines.configureThreads(config.threads());
        List<Device> target = target();
        Study.checkMethods(config, target.size());
        Dataset dataset = DataOptions.load(config.dataset(), config.dataDir());
        try (RunDirectory run = RunDirectory.create(this.out)) {
            return run(config, run, dataset, target);
        }
    }

    /** Resolves {@code --device} and {@code --gpus}; call after the threads are configured (it may start the engine). */
    private List<Device> target() {
        return DeviceChoice.parse(device).resolveAll(gpus);
    }

    private int run(StudyConfig config, RunDirectory run, Dataset dataset, List<Device> target) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("study → " + run.path().toAbsolutePath());
        out.flush();
        Study.Outcome outcome = new Study(config, run, List.of(new ConsoleProgress()),
                target).run(dataset);
        out.println();
        out.println(ResultsWriter.markdown("Results", "", outcome.models(), java.util.Map.of()));
        out.println("Results, charts and weights in " + run.path());
        out.flush();
        return 0;
    }

    /** @return defaults, then the --config file, then the flags, validated */
    StudyConfig config() {
        StudyOptions flags = new StudyOptions(preset, data.dataset, data.dataDir, seed, alphas, temperature,
                teacherEpochs, studentEpochs, batchSize, threads, teacher, trainLimit, noAugment ? Boolean.FALSE : null,
                methods, methodParams, seeds, legacyNotebookLoss ? Boolean.TRUE : null, teacherModel, studentModel);
        StudyOptions file = configFile != null ? StudyOptions.read(configFile) : null;
        return (file != null ? flags.over(file) : flags).toConfig(Cifar10Store.defaultDataDir());
    }
}
