package io.distill4j.cli;

import io.distill4j.BadInputException;
import io.distill4j.data.archive.ArchiveDatasets;
import io.distill4j.data.archive.ArchiveSpec;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.report.Formats;
import io.distill4j.settings.StudyConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code distill study --dry-run}: the settings checked, the teacher's and the data's files looked
 * for (nothing downloaded, decoded or written), and what the study would do, printed.
 */
final class DryRun {
    private DryRun() {}

    /**
     * @param config the validated settings
     * @param devices where the study would train
     * @param out where the plan goes
     * @param runDir the run directory the study would create, or {@code null} for the default
     * @throws BadInputException for a teacher file or an image folder that is not there
     */
    static void print(StudyConfig config, List<ComputeDevice> devices, PrintWriter out, Path runDir) {
        out.println("dry run: settings checked; nothing is trained, downloaded or written");
        out.println("data:     " + data(config));
        out.println("teacher:  " + teacher(config));
        String students = config.methods().isEmpty()
                ? "α " + config.alphas().stream().map(Formats::number).collect(Collectors.joining(", "))
                : "methods " + String.join(", ", config.methods());
        out.println("students: " + config.studentModel() + ", " + students + ", "
                + Formats.count(config.studentEpochs(), "epoch") + ", " + Formats.count(config.seeds(), "seed")
                + " from " + config.seed() + " (" + Formats.count((long) config.studentConfigurations() * config.seeds(),
                        "student") + ")");
        out.println("training: batch " + config.batchSize() + ", " + Formats.count(config.threads(), "thread") + " on "
                + devices.stream().map(ComputeDevice::toString).collect(Collectors.joining(", ")) + ", "
                + config.resolvedFor(devices.get(0)).precision().label());
        out.println("run:      " + (runDir != null ? runDir : "runs/<timestamp>-study") + " (created by the real run)");
        out.flush();
    }

    private static String teacher(StudyConfig config) {
        for (Path given : new Path[] {config.teacherWeights(), config.teacherTorchScript(), config.teacherOutputs()}) {
            if (given != null) {
                if (!Files.exists(given)) {
                    throw new BadInputException("the teacher " + given + " does not exist: give the file a study or"
                            + " export wrote, or drop the option to train one");
                }
                return "given, " + given;
            }
        }
        return config.teacherModel() + ", trained for " + Formats.count(config.teacherEpochs(), "epoch");
    }

    private static String data(StudyConfig config) {
        String dataset = config.dataset();
        if (dataset.equals("synthetic")) {
            return "synthetic images, generated (nothing to read)";
        }
        Path dir = config.dataDir();
        if (!ArchiveDatasets.NAMES.contains(dataset)) {
            if (!Files.isDirectory(dir)) {
                throw new BadInputException("--data-dir " + dir + " does not exist: give the folder of your " + dataset
                        + " data");
            }
            return dataset + " in " + dir + " (scanned, and decoded into its cache on first use, by the real run)";
        }
        ArchiveSpec spec = ArchiveDatasets.store(dataset, config.dataRequest().labels()).spec();
        if (Files.exists(dir.resolve(spec.dirName()))) {
            return spec.title() + " in " + dir.resolve(spec.dirName());
        }
        if (Files.exists(dir.resolve(spec.archiveName()))) {
            return spec.title() + " archive " + dir.resolve(spec.archiveName()) + " (MD5-checked and extracted by the real run)";
        }
        return spec.title() + " is not in " + dir + ": the real run downloads it (about 170 MB), or run `"
                + spec.importCommand() + "` on a machine without internet";
    }
}
