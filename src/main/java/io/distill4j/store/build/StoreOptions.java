package io.distill4j.store.build;

import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.launch.Launch;
import io.distill4j.launch.SettingOptions;
import io.distill4j.model.DeviceChoice;
import io.distill4j.settings.SettingValues;
import io.distill4j.settings.SettingsFile;
import io.distill4j.settings.StudyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of a teacher-output store build, shared by {@code distill teacher-outputs} and the
 * Spark job of {@code distill4j-spark} (a picocli mixin; the study settings come from {@link
 * SettingOptions} on the command itself).
 */
public final class StoreOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (JSON, or YAML for .yaml/.yml), the study's; flags override it.")
    Path configFile;

    @Option(names = "--out", paramLabel = "STORE", required = true, description = "The store directory (new).")
    Path out;

    @Option(names = "--store-precision", paramLabel = "float32|float16",
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

    /** @return the store directory */
    public Path out() {
        return out;
    }

    /** @return what to store */
    public StoreBuild.Options options() {
        return new StoreBuild.Options(precision, topK, features);
    }

    /**
     * The study settings of the command (file, then flags) with libtorch's threads set from them.
     *
     * @param command the parsed command carrying these options and {@link SettingOptions}
     * @return the settings
     * @throws IOException if the settings file cannot be read
     */
    public StudyConfig config(CommandSpec command) throws IOException {
        SettingValues flags = SettingOptions.given(command);
        StudyConfig config = StudyConfig.of(configFile != null ? flags.over(SettingsFile.read(configFile)) : flags);
        Launch.threads(config.threads());
        return config;
    }

    /** @return the device the teacher runs on */
    public ComputeDevice device() {
        return DeviceChoice.parse(device).resolveAll(1).get(0);
    }

    /**
     * @throws BadInputException if {@code --out} exists and is not an empty directory
     * @throws IOException if it cannot be listed
     */
    public void requireNewStore() throws IOException {
        BuildLog.requireNew(out);
    }
}
