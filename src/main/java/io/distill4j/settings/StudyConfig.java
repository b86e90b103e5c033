package io.distill4j.settings;

import io.distill4j.BadInputException;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.distill.Methods;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Precision;
import io.distill4j.train.OptimizerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a comparative distillation study, complete and validated: an instance that
 * exists is runnable. Made by {@link #of} from the settings given, with the preset's defaults for
 * the rest; {@link Settings} describes each setting.
 */
public final class StudyConfig {
    /** Dataset names accepted by {@link #dataset}. */
    public static final List<String> DATASETS = Settings.DATASETS;

    private final SettingValues values;
    private final OptimizerConfig teacherOptimizer;
    private final OptimizerConfig studentOptimizer;

    private StudyConfig(SettingValues values) {
        this.values = values;
        this.teacherOptimizer = Settings.TEACHER_SGD.of(values);
        this.studentOptimizer = Settings.STUDENT_SGD.of(values);
    }

    /**
     * @param given the settings given (flags over a file, or a run's {@code config.json})
     * @return the configuration: the given settings, the preset's defaults for the others, validated
     * @throws BadInputException naming the first invalid setting and the fix
     */
    public static StudyConfig of(SettingValues given) {
        String presetName = given.has(Settings.PRESET) ? given.get(Settings.PRESET) : "standard";
        Settings.PRESET.validate(presetName);
        Preset preset = Preset.of(presetName);
        SettingValues all = given;
        for (Setting<?> s : Settings.ALL) {
            if (!all.has(s)) {
                all = all.withValue(s, s.defaults().value().apply(preset, given));
            }
        }
        for (Setting<?> s : Settings.ALL) {
            s.validate(all.get(s));
        }
        Path torchscript = all.get(Settings.TEACHER_TORCHSCRIPT);
        if (torchscript != null && all.get(Settings.TEACHER) != null) {
            throw new BadInputException("give " + Settings.TEACHER.flag() + " or " + Settings.TEACHER_TORCHSCRIPT.flag()
                    + ", not both: they name the teacher");
        }
        Path store = all.get(Settings.TEACHER_OUTPUTS);
        if (store != null && all.get(Settings.LEGACY_NOTEBOOK_LOSS)) {
            throw new BadInputException(Settings.LEGACY_NOTEBOOK_LOSS.flag() + " runs the teacher in training mode,"
                    + " which stored outputs are not: drop one of them");
        }
        if (torchscript != null && all.get(Settings.LEGACY_NOTEBOOK_LOSS)) {
            throw new BadInputException(Settings.LEGACY_NOTEBOOK_LOSS.flag() + " runs a distill4j teacher in training"
                    + " mode, which a TorchScript teacher has not: drop one of them");
        }
        if (all.get(Settings.TEACHER) == null && torchscript == null && store == null && all.get(Settings.TEACHER_EPOCHS) < 1) {
            throw new BadInputException(Settings.TEACHER_EPOCHS.flag() + " 0 trains no teacher: give at least 1, or a trained"
                    + " teacher with " + Settings.TEACHER.flag() + " FILE");
        }
        if (all.get(Settings.DATASET).equals("folder") && !given.has(Settings.DATA_DIR)) {
            throw new BadInputException(Settings.DATASET.flag() + " folder reads your images: give the folder with "
                    + Settings.DATA_DIR.flag() + " ROOT (one sub-folder per class)");
        }
        if (all.get(Settings.DATASET).equals("parquet") && !given.has(Settings.DATA_DIR)) {
            throw new BadInputException(Settings.DATASET.flag() + " parquet reads your tables of images: give their root with "
                    + Settings.DATA_DIR.flag() + " ROOT (train/ and test/ tables, or one)");
        }
        if (!all.get(Settings.DATASET).equals("cifar100") && !all.get(Settings.LABELS).equals("fine")) {
            throw new BadInputException(Settings.LABELS.flag() + " applies to cifar100 only: drop it or add "
                    + Settings.DATASET.flag() + " cifar100");
        }
        Methods.validate(all.get(Settings.METHODS), all.get(Settings.METHOD_PARAM));
        if (all.get(Settings.LEGACY_NOTEBOOK_LOSS) && !all.get(Settings.METHODS).isEmpty()) {
            throw new BadInputException("--legacy-notebook-loss reproduces the notebook's α students only: drop --methods");
        }
        StudyConfig config = new StudyConfig(all);
        config.dataRequest();
        if (config.unlabelledDir() != null) {
            requireLabelFree(config);
        }
        return config;
    }

    /** Refuses students that would read the labels of unlabelled images. */
    private static void requireLabelFree(StudyConfig config) {
        String flag = Settings.UNLABELLED_DIR.flag();
        if (config.legacyNotebookLoss()) {
            throw new BadInputException(flag + " trains students from the teacher alone, which the notebook's loss is not:"
                    + " drop " + Settings.LEGACY_NOTEBOOK_LOSS.flag());
        }
        for (StudentRun r : StudentRun.bySeed(config).get(0)) {
            if (r.alpha() == null || r.alpha() != 0) {
                throw new BadInputException(flag + " trains the students without labels, but " + r.group() + " learns from"
                        + " labels: give " + Settings.ALPHAS.flag() + " 0, or " + Settings.METHODS.flag() + " kd (or X+kd) with "
                        + Settings.METHOD_PARAM.flag() + " kd.alpha=0");
            }
        }
    }

    /** @return every setting's value */
    public SettingValues values() {
        return values;
    }

    /** @return the value of one setting */
    public <T> T get(Setting<T> setting) {
        return values.get(setting);
    }

    /**
     * @return what to read, as the data layer takes it
     * @throws BadInputException for an image size CIFAR does not come in
     */
    public Datasets.Request dataRequest() {
        return new Datasets.Request(dataset(), dataset().equals("cifar100") ? get(Settings.LABELS) : null, dataDir(),
                get(Settings.IMAGE_SIZE), get(Settings.CACHE_DIR), get(Settings.TEST_FRACTION), splitSeed(),
                get(Settings.SKIP_BAD_IMAGES), unlabelledDir());
    }

    /** @return the folder of unlabelled images the students train on, or {@code null} */
    public Path unlabelledDir() {
        return get(Settings.UNLABELLED_DIR);
    }

    /** @return the preset the defaults came from */
    public String preset() {
        return get(Settings.PRESET);
    }

    /** @return {@code cifar10}, {@code cifar100} or {@code synthetic} */
    public String dataset() {
        return get(Settings.DATASET);
    }

    /** @return CIFAR-10 cache directory */
    public Path dataDir() {
        return get(Settings.DATA_DIR);
    }

    /** @return use only the first this-many official training images (0 = all) */
    public int trainLimit() {
        return get(Settings.TRAIN_LIMIT);
    }

    /** @return share of the training images held out for validation */
    public double validationFraction() {
        return get(Settings.VALIDATION_FRACTION);
    }

    /** @return seed of the validation split */
    public long splitSeed() {
        return get(Settings.SPLIT_SEED);
    }

    /** @return random crop and flip of training batches */
    public boolean augment() {
        return get(Settings.AUGMENT);
    }

    /** @return whether a multi-process study normalizes batches over all processes' images */
    public boolean syncBatchNorm() {
        return get(Settings.SYNC_BN);
    }

    /** @return seed of weight initialization, batch order, augmentation and dropout */
    public long seed() {
        return get(Settings.SEED);
    }

    /** @return registered teacher architecture */
    public String teacherModel() {
        return get(Settings.TEACHER_MODEL);
    }

    /** @return registered student architecture */
    public String studentModel() {
        return get(Settings.STUDENT_MODEL);
    }

    /** @return weights of an already trained teacher, or {@code null} to train one */
    public Path teacherWeights() {
        return get(Settings.TEACHER);
    }

    /** @return a TorchScript teacher exported from PyTorch, or {@code null} */
    public Path teacherTorchScript() {
        return get(Settings.TEACHER_TORCHSCRIPT);
    }

    /** @return a store of the teacher's outputs the students train from ({@code --teacher-outputs}), or {@code null} */
    public Path teacherOutputs() {
        return get(Settings.TEACHER_OUTPUTS);
    }

    /** @return the teacher as reports name it: its architecture, or {@code TorchScript FILE} */
    public String teacherName() {
        return teacherTorchScript() != null ? "TorchScript " + teacherTorchScript().getFileName() : teacherModel();
    }

    /** @return whether the study trains its teacher (no {@code --teacher}, {@code --teacher-torchscript} or {@code --teacher-outputs}) */
    public boolean trainsTeacher() {
        return teacherWeights() == null && teacherTorchScript() == null && teacherOutputs() == null;
    }

    /** @return epochs of teacher training (0 with {@link #teacherWeights}) */
    public int teacherEpochs() {
        return get(Settings.TEACHER_EPOCHS);
    }

    /** @return epochs of student training */
    public int studentEpochs() {
        return get(Settings.STUDENT_EPOCHS);
    }

    /** @return weights of the label loss, one student each */
    public List<Double> alphas() {
        return get(Settings.ALPHAS);
    }

    /** @return distillation temperature T */
    public double temperature() {
        return get(Settings.TEMPERATURE);
    }

    /** @return training batch size */
    public int batchSize() {
        return get(Settings.BATCH_SIZE);
    }

    /** @return libtorch intra-op threads */
    public int threads() {
        return get(Settings.THREADS);
    }

    /**
     * @return the arithmetic of the forward passes
     * @throws IllegalStateException if it is still {@code auto}: see {@link #resolvedFor}
     */
    public Precision precision() {
        String p = get(Settings.PRECISION);
        if (p.equals("auto")) {
            throw new IllegalStateException("precision auto is resolved for a device first (StudyConfig.resolvedFor)");
        }
        return Precision.of(p);
    }

    /**
     * @param device where the run computes
     * @return these settings with {@code --precision auto} replaced by what it means on {@code device}
     *     (a run records that, and resumes in it on any machine)
     */
    public StudyConfig resolvedFor(ComputeDevice device) {
        String p = get(Settings.PRECISION);
        return p.equals("auto") ? new StudyConfig(values.withValue(Settings.PRECISION, Precision.resolve(p, device).label()))
                : this;
    }

    /** @return the teacher's SGD settings */
    public OptimizerConfig teacherOptimizer() {
        return teacherOptimizer;
    }

    /** @return the students' SGD settings */
    public OptimizerConfig studentOptimizer() {
        return studentOptimizer;
    }

    /** @return distillation methods, one student each; empty for one response-KD student per α */
    public List<String> methods() {
        return get(Settings.METHODS);
    }

    /** @return overrides of method hyper-parameters, keyed {@code method.parameter} */
    public Map<String, Double> methodParams() {
        return get(Settings.METHOD_PARAM);
    }

    /** @return how many times each student configuration is trained, with seeds seed, seed + 1, … */
    public int seeds() {
        return get(Settings.SEEDS);
    }

    /** @return whether the original notebook's defects are reproduced (see docs/study.md) */
    public boolean legacyNotebookLoss() {
        return get(Settings.LEGACY_NOTEBOOK_LOSS);
    }

    /** @return how many student configurations each seed trains */
    public int studentConfigurations() {
        return methods().isEmpty() ? alphas().size() : methods().size();
    }

    /**
     * @param alpha a student's α
     * @return its run name, e.g. {@code student-a0.5}
     */
    public static String studentName(double alpha) {
        String a = alpha == Math.rint(alpha) ? Long.toString((long) alpha) : Double.toString(alpha);
        return "student-a" + a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StudyConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "StudyConfig" + values;
    }
}
