package io.distill4j.study;

import io.distill4j.BadInputException;
import io.distill4j.model.ModelRegistry;
import io.distill4j.train.OptimizerConfig;
import io.distill4j.distill.Methods;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.HashSet;
import java.util.List;

/**
 * Every setting of a comparative distillation study. Validated here, in one place: an instance
 * that exists is runnable.
 *
 * @param preset the preset the defaults came from ({@code standard} or {@code quick})
 * @param dataset {@code cifar10} or {@code synthetic}
 * @param dataDir CIFAR-10 cache directory
 * @param trainLimit use only the first this-many official training images (0 = all)
 * @param validationFraction share of the training images held out for validation
 * @param splitSeed seed of the validation split (the study used 1)
 * @param augment random crop (pad 4) and horizontal flip of training batches
 * @param seed seed of weight initialization, batch order, augmentation and dropout
 * @param teacherModel registered teacher architecture
 * @param studentModel registered student architecture
 * @param teacherWeights weights of an already trained teacher, or {@code null} to train one
 * @param teacherEpochs epochs of teacher training (ignored with {@code teacherWeights})
 * @param studentEpochs epochs of student training
 * @param alphas weights of the label loss, one student each, in [0, 1]
 * @param temperature distillation temperature T
 * @param batchSize training batch size
 * @param threads libtorch intra-op threads
 * @param teacherOptimizer the teacher's SGD settings
 * @param studentOptimizer the students' SGD settings
 * @param methods distillation methods, one student each (see {@link io.distill4j.distill.Methods});
 *     empty for one response-KD student per α
 * @param methodParams overrides of method hyper-parameters, keyed {@code method.parameter}
 * @param seeds how many times each student configuration is trained, with seeds {@code seed},
 *     {@code seed + 1}, …
 * @param legacyNotebookLoss reproduce the original notebook's defects (see README)
 */
public record StudyConfig(
        String preset,
        String dataset,
        Path dataDir,
        int trainLimit,
        double validationFraction,
        long splitSeed,
        boolean augment,
        long seed,
        String teacherModel,
        String studentModel,
        Path teacherWeights,
        int teacherEpochs,
        int studentEpochs,
        List<Double> alphas,
        double temperature,
        int batchSize,
        int threads,
        OptimizerConfig teacherOptimizer,
        OptimizerConfig studentOptimizer,
        List<String> methods,
        Map<String, Double> methodParams,
        int seeds,
        boolean legacyNotebookLoss) {

    /** Dataset names accepted by {@link #dataset}. */
    public static final List<String> DATASETS = List.of("cifar10", "synthetic");

    /** Checks every setting; the message gives the valid range. */
    public StudyConfig {
        if (!DATASETS.contains(dataset)) {
            throw new BadInputException("unknown dataset '" + dataset + "': valid datasets are " + String.join(", ", DATASETS));
        }
        ModelRegistry.get(teacherModel);
        ModelRegistry.get(studentModel);
        requireRange("--train-limit", trainLimit, 0, 10_000_000);
        if (!(validationFraction > 0 && validationFraction < 0.9)) {
            throw new BadInputException("validation fraction " + validationFraction + " is outside (0, 0.9): use e.g. 0.1");
        }
        if (teacherWeights == null) {
            requireRange("--teacher-epochs", teacherEpochs, 1, 1000);
        } else {
            if (!java.nio.file.Files.isRegularFile(teacherWeights)) {
                throw new BadInputException("--teacher " + teacherWeights
                        + " does not exist: give the models/teacher.params file of an earlier run");
            }
            requireRange("--teacher-epochs", teacherEpochs, 0, 1000);
        }
        requireRange("--student-epochs", studentEpochs, 1, 1000);
        requireRange("--batch-size", batchSize, 1, 4096);
        requireRange("--threads", threads, 1, 256);
        if (alphas == null || alphas.isEmpty()) {
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
        if (!(temperature > 0 && temperature <= 100)) {
            throw new BadInputException("--temperature " + temperature + " is outside (0, 100]: use e.g. 4");
        }
        alphas = List.copyOf(alphas);
        if (teacherOptimizer == null || studentOptimizer == null) {
            throw new IllegalArgumentException("optimizer settings are required");
        }
        methods = methods == null ? List.of() : List.copyOf(methods);
        methodParams = methodParams == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(methodParams));
        Methods.validate(methods, methodParams);
        requireRange("--seeds", seeds, 1, 100);
        if (legacyNotebookLoss && !methods.isEmpty()) {
            throw new BadInputException("--legacy-notebook-loss reproduces the notebook's α students only: drop --methods");
        }
    }

    private static void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new BadInputException(option + " " + value + " is outside [" + min + ", " + max + "]");
        }
    }

    /** @return whether any student learns from the teacher */
    public boolean distils() {
        return methods.isEmpty() ? alphas.stream().anyMatch(a -> a < 1) : methods.stream().anyMatch(m -> !m.equals("ce"));
    }

    /** @return how many student configurations each seed trains */
    public int studentConfigurations() {
        return methods.isEmpty() ? alphas.size() : methods.size();
    }

    /**
     * @param alpha a student's α
     * @return its run name, e.g. {@code student-a0.5}
     */
    public static String studentName(double alpha) {
        String a = alpha == Math.rint(alpha) ? Long.toString((long) alpha) : Double.toString(alpha);
        return "student-a" + a;
    }
}
