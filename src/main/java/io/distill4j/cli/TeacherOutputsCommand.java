package io.distill4j.cli;

import ai.djl.Device;
import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.Datasets;
import io.distill4j.model.DeviceChoice;
import io.distill4j.outputs.StoreManifest;
import io.distill4j.study.SettingValues;
import io.distill4j.study.SettingsFile;
import io.distill4j.study.StoreBuild;
import io.distill4j.study.StudyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill teacher-outputs}: the teacher's outputs on every student view, computed once. */
@Command(name = "teacher-outputs", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.class,
        description = {"Run a trained teacher (--teacher or --teacher-torchscript) over exactly the augmented views"
                + " the students of a study with these settings see (--seed, --seeds, --student-epochs) and store its"
                + " outputs as Parquet; then `distill study --teacher-outputs STORE` with the same settings trains the"
                + " students without the teacher."})
public final class TeacherOutputsCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (JSON, or YAML for .yaml/.yml), the study's; flags override it.")
    Path configFile;

    @Option(names = "--out", paramLabel = "STORE", required = true, description = "The store directory (new).")
    Path out;

    @Option(names = "--precision", paramLabel = "float32|float16",
            description = "Logits as float32 (students bit-identical to the live teacher's) or float16 (half the size)."
                    + " Default: ${DEFAULT-VALUE}.")
    String precision = "float32";

    @Option(names = "--top-k", paramLabel = "K",
            description = "Keep the K largest logits per view and fold the others into one (0 = all), for many classes."
                    + " Default: ${DEFAULT-VALUE}.")
    int topK = 0;

    @Option(names = "--features", paramLabel = "NAME,…", split = ",",
            description = "Teacher features to store besides the logits, for feature-based methods (see `distill models`)."
                    + " Default: none.")
    List<String> features = List.of();

    @Option(names = "--device", paramLabel = "cpu|gpu|auto",
            description = "Where the teacher runs. Default: ${DEFAULT-VALUE}.")
    String device = "auto";

    @Override
    public Integer call() throws Exception {
        StoreBuild.Options options = new StoreBuild.Options(precision, topK, features);
        SettingValues flags = SettingOptions.given(spec);
        StudyConfig config = StudyConfig.of(configFile != null ? flags.over(SettingsFile.read(configFile)) : flags);
        if (Files.exists(out) && (!Files.isDirectory(out) || hasFiles(out))) {
            throw new BadInputException("--out " + out + " already exists; stores are never overwritten: name a new directory");
        }
        Engines.configureThreads(config.threads());
        Device target = DeviceChoice.parse(device).resolveAll(1).get(0);
        Dataset dataset = Datasets.load(config.dataRequest(), System.err);
        StoreManifest manifest = StoreBuild.build(config, dataset, options, out, target, System.err);
        spec.commandLine().getOut().printf("Teacher outputs of %s: %d seeds × %d epochs × %d views in %s%n",
                manifest.teacher().architecture(), manifest.views().seeds().size(), manifest.views().epochs(),
                manifest.views().trainImages(), out.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static boolean hasFiles(Path dir) throws java.io.IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }
}
