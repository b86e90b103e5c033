package io.distill4j.cli;

import io.distill4j.data.Dataset;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.launch.SettingOptions;
import io.distill4j.settings.StudyConfig;
import io.distill4j.store.StoreManifest;
import io.distill4j.store.build.StoreBuild;
import io.distill4j.store.build.StoreOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code distill teacher-outputs}: the teacher's outputs on every student view, computed once. */
@Command(name = "teacher-outputs", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.class,
        header = "Store a trained teacher's outputs on a study's augmented views (Parquet) for teacher-free students.",
        description = {"Run a trained teacher (--teacher or --teacher-torchscript) over exactly the augmented views"
                + " the students of a study with these settings see (--seed, --seeds, --student-epochs) and store its"
                + " outputs as Parquet; then `distill study --teacher-outputs STORE` with the same settings trains the"
                + " students without the teacher."})
public final class TeacherOutputsCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions store;

    @picocli.CommandLine.Option(names = "--resume",
            description = "Finish the unfinished build in --out (one that was killed or failed), with the settings it was"
                    + " started with: its finished parts stay, the others are computed.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        StoreBuild.Options options = store.options();
        StudyConfig config = store.config(spec);
        if (!resume) {
            store.requireNewStore();
        }
        Dataset dataset = Datasets.load(config.dataRequest(), Main.console(spec));
        StoreManifest manifest = StoreBuild.build(config, dataset, options, store.out(), store.device(), Main.console(spec),
                resume);
        spec.commandLine().getOut().printf("Teacher outputs of %s: %d seeds × %d epochs × %d views in %s%n",
                manifest.teacher().architecture(), manifest.views().seeds().size(), manifest.views().epochs(),
                manifest.views().trainImages(), store.out().toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
