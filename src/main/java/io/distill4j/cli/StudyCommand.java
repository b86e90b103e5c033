package io.distill4j.cli;

import io.distill4j.data.Dataset;
import io.distill4j.eval.ModelResult;
import io.distill4j.report.ConsoleProgress;
import io.distill4j.report.ResultsWriter;
import io.distill4j.study.Preset;
import io.distill4j.study.RunDirectory;
import io.distill4j.study.Study;
import io.distill4j.study.StudyConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill study}: teacher, students, evaluation and report in one command. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Train the teacher and one student per α, evaluate them and write the results.")
public final class StudyCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin DataOptions data;

    @Option(names = "--preset", defaultValue = "standard",
            description = "standard (the study's protocol) or quick (minutes). Default: ${DEFAULT-VALUE}.")
    String preset;

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

    @Option(names = "--teacher", paramLabel = "FILE", description = "Reuse trained teacher weights (models/teacher.params).")
    Path teacher;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training images (0 = all).")
    Integer trainLimit;

    @Option(names = "--no-augment", description = "Switch off random crop and flip.")
    boolean noAugment;

    @Override
    public Integer call() throws Exception {
        StudyConfig config = config();
        Engines.configureThreads(config.threads());
        Dataset dataset = data.load();
        PrintWriter out = spec.commandLine().getOut();
        try (RunDirectory run = RunDirectory.create(this.out)) {
            out.println("study → " + run.path().toAbsolutePath());
            out.flush();
            Study.Outcome outcome = new Study(config, run, List.of(new ConsoleProgress())).run(dataset);
            out.println();
            out.println(ResultsWriter.markdown("Results", "", outcome.models(), java.util.Map.of()));
            out.println("Results, charts and weights in " + run.path());
            out.flush();
            List<ModelResult> models = outcome.models();
            return models.isEmpty() ? Main.EXIT_FAILURE : 0;
        }
    }

    /** @return the preset's configuration with every given option applied */
    StudyConfig config() {
        StudyConfig d = Preset.of(preset).config(data.dataset, data.dataDir());
        return new StudyConfig(
                d.preset(), d.dataset(), d.dataDir(),
                trainLimit != null ? trainLimit : d.trainLimit(),
                d.validationFraction(), d.splitSeed(), d.augment() && !noAugment,
                seed != null ? seed : d.seed(),
                d.teacherModel(), d.studentModel(), teacher,
                teacherEpochs != null ? teacherEpochs : (teacher != null ? 0 : d.teacherEpochs()),
                studentEpochs != null ? studentEpochs : d.studentEpochs(),
                alphas != null ? alphas : d.alphas(),
                temperature != null ? temperature : d.temperature(),
                batchSize != null ? batchSize : d.batchSize(),
                threads != null ? threads : d.threads(),
                d.teacherOptimizer(), d.studentOptimizer());
    }
}
