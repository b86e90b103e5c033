package io.distill4j.settings;

import static io.distill4j.settings.Setting.Check.within;
import static io.distill4j.settings.Setting.Default.fixed;
import static io.distill4j.settings.Setting.Default.perPreset;

import io.distill4j.BadInputException;
import io.distill4j.Range;
import io.distill4j.data.ImageSet;
import io.distill4j.data.archive.Cifar10Store;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.data.folder.FolderOptions;
import io.distill4j.data.folder.ImageFolderDataset;
import io.distill4j.engine.Precision;
import io.distill4j.model.ModelRegistry;
import io.distill4j.train.OptimizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a study, each described once ({@link Setting}): flags, {@code --config} keys,
 * checks, help and {@code config.json} all come from this list. A new setting is one more entry.
 */
public final class Settings {
    private Settings() {}

    /** Every setting, in the order declared here (the order of {@code config.json}). */
    private static final List<Setting<?>> REGISTRY = new ArrayList<>();
    /** Valid student epochs, here and in the Java API's {@code TrainOptions}. */
    public static final Range STUDENT_EPOCH_RANGE = Range.closed(1, 1000);
    /** Valid training batch sizes, here and in the Java API's {@code TrainOptions}. */
    public static final Range BATCH_SIZE_RANGE = Range.closed(1, 4096);
    /** Valid distillation temperatures, here and in the Java API's {@code DistillOptions}. */
    public static final Range TEMPERATURE_RANGE = Range.aboveUpTo(0, 100);

    /** Dataset names. */
    public static final List<String> DATASETS = Datasets.NAMES;
    private static final Setting.Check<String> MODEL = Setting.Check.by(ModelRegistry::get);

    public static final Setting<String> PRESET = add(Setting.of("preset", Kind.TEXT, "NAME",
            "standard (the study's protocol), quick (minutes) or paper (the notebook's 227×227 setup, for a GPU).",
            fixed("standard"), Setting.Check.oneOf("preset", Preset.labels())));
    public static final Setting<String> DATASET = add(Setting.of("dataset", Kind.TEXT, "NAME",
            "cifar10, cifar100, folder (your images: --data-dir is the folder), parquet (Parquet tables of image bytes and"
                    + " labels: --data-dir is their root) or synthetic (generated, offline).",
            fixed("cifar10"), Setting.Check.oneOf("dataset", DATASETS)));
    public static final Setting<Path> DATA_DIR = add(Setting.of("data-dir", Kind.PATH, "DIR", "Cache of the published datasets, or the image folder (the tables' root) with --dataset folder (parquet).",
            new Setting.Default<>((p, given) -> Cifar10Store.defaultDataDir(), "$DISTILL4J_DATA or ~/.distill4j/data"),
            Setting.Check.none()));
    public static final Setting<String> LABELS = add(Setting.of("labels", Kind.TEXT, "fine|coarse",
            "CIFAR-100's labels: fine (100 classes) or coarse (20 super-classes).", fixed("fine"),
            Setting.Check.oneOf("labels", List.of("fine", "coarse"))));
    public static final Setting<Integer> IMAGE_SIZE = add(Setting.of("image-size", Kind.INTEGER, "N",
            "Image side: a folder's (a table's) images are scaled (shorter side to N) and centre-cropped to N×N; CIFAR is 32.",
            new Setting.Default<>((p, given) -> Datasets.defaultImageSize(given.has(DATASET) ? given.get(DATASET) : null),
                    "32, folder and parquet 64"),
            within(Range.closed(1, ImageSet.MAX_SIDE))));
    public static final Setting<Path> CACHE_DIR = add(Setting.of("cache-dir", Kind.PATH, "DIR",
            "Where the decoded cache of an image folder or Parquet tables goes.", new Setting.Default<>((p, given) -> null,
                    "inside the folder, " + ImageFolderDataset.CACHE_FOLDER), Setting.Check.none()));
    public static final Setting<Double> TEST_FRACTION = add(Setting.of("test-fraction", Kind.NUMBER, "F",
            "Share of a folder (tables) without train/ and test/ held out (stratified, seeded) as its test set.",
            fixed(FolderOptions.DEFAULT_TEST_FRACTION), within(Range.open(0, 1))));
    public static final Setting<Boolean> SKIP_BAD_IMAGES = add(Setting.of("skip-bad-images", Kind.BOOLEAN, "",
            "Leave out a folder's (a table's) corrupt or unreadable images (listed in config.json) instead of refusing it.",
            fixed(false), Setting.Check.none()));
    public static final Setting<Path> UNLABELLED_DIR = add(Setting.of("unlabelled-dir", Kind.PATH, "DIR",
            "Train the students on these images, without labels, instead of the training split: a folder of image files"
                    + " (no class sub-folders), read in name order at --image-size and normalized as the training split;"
                    + " teacher-only students (α = 0); the teacher, validation and test stay on the labelled dataset.",
            new Setting.Default<>((p, given) -> null, "none"), Setting.Check.none()));
    public static final Setting<Integer> TRAIN_LIMIT = add(Setting.of("train-limit", Kind.INTEGER, "N",
            "Use only the first N training images (0 = all).", perPreset(0, 6_000, 0), within(Range.closed(0, 10_000_000))));
    public static final Setting<Double> VALIDATION_FRACTION = add(Setting.of("validation-fraction", Kind.NUMBER, "F",
            "Share of the training images held out for validation.", fixed(0.1), within(Range.open(0, 0.9))));
    public static final Setting<Long> SPLIT_SEED = add(Setting.of("split-seed", Kind.LONG, "N",
            "Seed of the validation split.", fixed(1L), Setting.Check.none()));
    public static final Setting<Boolean> AUGMENT = add(Setting.of("augment", Kind.BOOLEAN, "",
            "Random crop (pad 4) and horizontal flip of training batches; --no-augment switches it off.",
            perPreset(true, true, false), Setting.Check.none()));
    public static final Setting<Boolean> SYNC_BN = add(Setting.of("sync-bn", Kind.BOOLEAN, "",
            "With --nodes: batch norm over the global batch (all processes' images), as PyTorch's SyncBatchNorm;"
                    + " without it each process normalizes its own shard, as PyTorch DDP does.", fixed(false),
            Setting.Check.none()));
    public static final Setting<Long> SEED = add(Setting.of("seed", Kind.LONG, "N",
            "Seed of initialization, batch order, augmentation, dropout.", fixed(1L), Setting.Check.none()));
    public static final Setting<Integer> SEEDS = add(Setting.of("seeds", Kind.INTEGER, "N",
            "Train each student configuration N times with seeds seed..seed+N-1 (3+ recommended).", fixed(1),
            within(Range.closed(1, 100))));
    public static final Setting<String> TEACHER_MODEL = add(Setting.of("teacher-model", Kind.TEXT, "NAME",
            "Teacher architecture (see `distill models`).", perPreset("alexnet", "alexnet", "alexnet-227"), MODEL));
    public static final Setting<String> STUDENT_MODEL = add(Setting.of("student-model", Kind.TEXT, "NAME",
            "Student architecture (see `distill models`).", perPreset("student-cnn", "student-cnn", "student-227"), MODEL));
    public static final Setting<Path> TEACHER = add(Setting.of("teacher", Kind.PATH, "FILE",
            "Reuse trained teacher weights (models/teacher.params of an earlier run) instead of training one.",
            new Setting.Default<>((p, given) -> null, "none, train one"), Setting.Check.by(Settings::existingTeacher)).storedAs("teacher_weights"));
    public static final Setting<Path> TEACHER_TORCHSCRIPT = add(Setting.of("teacher-torchscript", Kind.PATH, "FILE",
            "Distil from a teacher exported from PyTorch: a TorchScript module (teacher.pt) with its manifest"
                    + " teacher.json beside it (see tools/export_teacher.py), instead of training one.",
            new Setting.Default<>((p, given) -> null, "none"), Setting.Check.none()));
    public static final Setting<Path> TEACHER_OUTPUTS = add(Setting.of("teacher-outputs", Kind.PATH, "STORE",
            "Train the students from a store of the teacher's outputs (see `distill teacher-outputs`) instead of"
                    + " running the teacher; it must hold this run's views (and, with --teacher or --teacher-torchscript, be"
                    + " that teacher's: it is checked, never loaded).",
            new Setting.Default<>((p, given) -> null, "none"), Setting.Check.none()));
    public static final Setting<Boolean> ALLOW_OTHER_DATA = add(Setting.of("allow-other-data", Kind.BOOLEAN, "",
            "Accept a --teacher whose manifest names another dataset or other class names (the class count must match).",
            fixed(false), Setting.Check.none()));
    public static final Setting<Integer> TEACHER_EPOCHS = add(Setting.of("teacher-epochs", Kind.INTEGER, "N",
            "Teacher epochs.", new Setting.Default<>((p, given) -> given.has(TEACHER) || given.has(TEACHER_TORCHSCRIPT)
                    || given.has(TEACHER_OUTPUTS) ? 0 : p.pick(20, 3, 20), "20, quick 3; 0 with a given teacher"), within(Range.closed(0, 1000))));
    public static final Setting<Integer> STUDENT_EPOCHS = add(Setting.of("student-epochs", Kind.INTEGER, "N",
            "Student epochs.", perPreset(10, 3, 10), within(STUDENT_EPOCH_RANGE)));
    public static final Setting<List<Double>> ALPHAS = add(Setting.of("alphas", Kind.NUMBERS, "A,…",
            "Label-loss weights in [0, 1], one student each.", new Setting.Default<>((p, given) -> given.has(UNLABELLED_DIR)
                    ? List.of(0.0) : List.of(1.0, 0.0, 0.5), "1,0,0.5; 0 with --unlabelled-dir"),
            Setting.Check.by(Settings::checkAlphas)));
    public static final Setting<Double> TEMPERATURE = add(Setting.of("temperature", Kind.NUMBER, "T",
            "Distillation temperature.", fixed(4.0), within(TEMPERATURE_RANGE)));
    public static final Setting<List<String>> METHODS = add(Setting.of("methods", Kind.TEXTS, "M,…",
            "Distillation methods, one student each, e.g. ce,kd,rkd,sp,fitnets,at,dkd,dist or rkd+kd (see `distill methods`);"
                    + " replaces --alphas.", fixed(List.of()), Setting.Check.none()));
    public static final Setting<Map<String, Double>> METHOD_PARAM = add(Setting.of("method-param", Kind.NUMBER_MAP,
            "METHOD.PARAM=VALUE", "Override a method hyper-parameter, e.g. rkd.angle-weight=50 (repeatable).",
            fixed(Map.of()), Setting.Check.none()).storedAs("method_params"));
    public static final Setting<Boolean> LEGACY_NOTEBOOK_LOSS = add(Setting.of("legacy-notebook-loss", Kind.BOOLEAN, "",
            "Reproduce the original notebook's defects (double softmax, T=1 soft targets, teacher in training mode,"
                    + " test normalized with ImageNet statistics). For comparison only.", fixed(false), Setting.Check.none()));
    public static final Setting<Integer> BATCH_SIZE = add(Setting.of("batch-size", Kind.INTEGER, "N",
            "Training batch size.", perPreset(Preset.DEFAULT_BATCH_SIZE, Preset.DEFAULT_BATCH_SIZE, Preset.PAPER_BATCH_SIZE),
            within(BATCH_SIZE_RANGE)));
    public static final Setting<Integer> THREADS = add(Setting.of("threads", Kind.INTEGER, "N", "libtorch threads.",
            new Setting.Default<>((p, given) -> Math.max(1, Runtime.getRuntime().availableProcessors()), "all cores"),
            within(Range.closed(1, 256))));
    public static final Setting<String> PRECISION = add(Setting.of("precision", Kind.TEXT, "fp32|bf16|auto",
            "Arithmetic of every forward pass (training, teacher, evaluation): fp32, or bf16 autocast with float32 weights,"
                    + " losses and optimizer (about 2× faster where the CPU has AVX512-BF16 or AMX); auto is bf16 where the"
                    + " hardware has it, else fp32, and a run records which.", fixed("fp32"), Setting.Check.by(Settings::checkPrecision)));

    /** The teacher's optimizer. */
    public static final Optimizer TEACHER_SGD = optimizer("teacher", "the teacher");
    /** The students' optimizer. */
    public static final Optimizer STUDENT_SGD = optimizer("student", "the students");

    /**
     * The SGD settings of one role (teacher or students), flags {@code --<role>-lr} and so on.
     *
     * @param lr peak learning rate
     * @param momentum momentum coefficient
     * @param weightDecay L2 weight decay
     * @param warmupEpochs linear warm-up
     * @param schedule {@code cosine} or {@code constant} after the warm-up
     */
    public record Optimizer(Setting<Double> lr, Setting<Double> momentum, Setting<Double> weightDecay,
            Setting<Double> warmupEpochs, Setting<String> schedule) {
        List<Setting<?>> all() {
            return List.of(lr, momentum, weightDecay, warmupEpochs, schedule);
        }

        OptimizerConfig of(SettingValues v) {
            return new OptimizerConfig(v.get(lr), v.get(momentum), v.get(weightDecay), v.get(warmupEpochs),
                    OptimizerConfig.Schedule.valueOf(v.get(schedule).toUpperCase(java.util.Locale.ROOT)));
        }
    }

    private static Optimizer optimizer(String role, String who) {
        return new Optimizer(
                add(Setting.of(role + "-lr", Kind.NUMBER, "LR", "Peak learning rate of " + who + ".",
                        perPreset(0.05, 0.05, 0.005), within(OptimizerConfig.LEARNING_RATE))),
                add(Setting.of(role + "-momentum", Kind.NUMBER, "M", "SGD momentum of " + who + ".",
                        fixed(0.9), within(OptimizerConfig.MOMENTUM))),
                add(Setting.of(role + "-weight-decay", Kind.NUMBER, "WD", "L2 weight decay of " + who + ".",
                        perPreset(5e-4, 5e-4, 0.005), within(OptimizerConfig.WEIGHT_DECAY))),
                add(Setting.of(role + "-warmup-epochs", Kind.NUMBER, "E", "Epochs of linear learning-rate warm-up of " + who + ".",
                        perPreset(1.0, 1.0, 0.0), within(OptimizerConfig.WARMUP_EPOCHS))),
                add(Setting.of(role + "-schedule", Kind.TEXT, "cosine|constant|step",
                        "Learning rate of " + who + " after the warm-up: cosine decay to 0, constant, or step (×0.1 from"
                                + " 5/8, 6/8 and 7/8 of the epochs: the field's CIFAR-100 recipe, epochs 150, 180, 210 of 240).",
                        perPreset("cosine", "cosine", "constant"),
                        Setting.Check.oneOf("schedule", List.of("cosine", "constant", "step")))));
    }

    /** Every setting, in the order declared here. */
    public static final List<Setting<?>> ALL = List.copyOf(REGISTRY);

    private static <T> Setting<T> add(Setting<T> setting) {
        REGISTRY.add(setting);
        return setting;
    }

    private static void existingTeacher(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(TEACHER.flag() + " " + file
                    + " does not exist: give the models/teacher.params file of an earlier run");
        }
    }

    private static void checkPrecision(String value) {
        if (value.equals("float16") || value.equals("float32")) {
            throw new BadInputException("--precision " + value + " is the arithmetic now (fp32, bf16 or auto): a teacher-output"
                    + " store's number format is --store-precision " + value);
        }
        if (!value.equals("auto")) {
            Precision.of(value);
        }
    }

    private static void checkAlphas(List<Double> alphas) {
        if (alphas.isEmpty()) {
            throw new BadInputException("--alphas needs at least one value in [0, 1], e.g. 1,0,0.5");
        }
        for (double a : alphas) {
            if (!(a >= 0 && a <= 1)) {
                throw new BadInputException("--alphas value " + a + " is outside [0, 1]: use e.g. 1,0,0.5");
            }
        }
        if (new HashSet<>(alphas).size() != alphas.size()) {
            throw new BadInputException("--alphas " + alphas + " repeats a value: give each α once");
        }
    }
}
