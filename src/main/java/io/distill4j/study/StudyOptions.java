package io.distill4j.study;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.distill4j.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Study settings as a user gives them, each optional: from command-line flags or a
 * {@code --config} file (JSON, or YAML for {@code .yaml}/{@code .yml}) whose keys are the flag
 * names without dashes, e.g. {@code teacher-epochs: 20}. Layering: preset defaults, then the file,
 * then the flags; {@link #toConfig()} validates the result.
 *
 * @param preset {@code standard}, {@code quick} or {@code paper}
 * @param dataset {@code cifar10} or {@code synthetic}
 * @param dataDir CIFAR-10 cache
 * @param seed training seed
 * @param alphas label-loss weights, one student each
 * @param temperature distillation temperature
 * @param teacherEpochs teacher epochs
 * @param studentEpochs student epochs
 * @param batchSize training batch size
 * @param threads libtorch threads
 * @param teacher weights of a trained teacher
 * @param trainLimit first N training images only
 * @param augment crop and flip training batches
 * @param methods distillation methods, one student each
 * @param methodParam method hyper-parameter overrides, {@code method.parameter → value}
 * @param seeds repetitions of each student configuration
 * @param legacyNotebookLoss reproduce the notebook's defects
 * @param teacherModel registered teacher architecture
 * @param studentModel registered student architecture
 */
public record StudyOptions(
        String preset,
        String dataset,
        Path dataDir,
        Long seed,
        List<Double> alphas,
        Double temperature,
        Integer teacherEpochs,
        Integer studentEpochs,
        Integer batchSize,
        Integer threads,
        Path teacher,
        Integer trainLimit,
        Boolean augment,
        List<String> methods,
        Map<String, Double> methodParam,
        Integer seeds,
        Boolean legacyNotebookLoss,
        String teacherModel,
        String studentModel) {

    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }

    /**
     * @param file a JSON or YAML file
     * @return its settings
     * @throws BadInputException for a missing file, a syntax error, an unknown key or a wrong type
     */
    public static StudyOptions read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--config " + file + " does not exist: give a JSON or YAML settings file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        try {
            StudyOptions options = mapper.readValue(file.toFile(), StudyOptions.class);
            if (options == null) {
                throw new BadInputException("--config " + file + " is empty: give at least one setting, e.g. teacher-epochs");
            }
            return options;
        } catch (UnrecognizedPropertyException e) {
            String valid = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new BadInputException("--config " + file + ": unknown key '" + e.getPropertyName()
                    + "'; valid keys are " + valid, e);
        } catch (MismatchedInputException e) {
            String key = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new BadInputException("--config " + file + ": key '" + key + "' has the wrong type (expected "
                    + e.getTargetType().getSimpleName().toLowerCase(Locale.ROOT) + ")", e);
        } catch (IOException e) {
            throw new BadInputException("--config " + file + " is not valid " + (mapper == YAML ? "YAML" : "JSON")
                    + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * @param lower settings to fall back on
     * @return these settings, with every unset one taken from {@code lower}
     */
    public StudyOptions over(StudyOptions lower) {
        return new StudyOptions(
                or(preset, lower.preset), or(dataset, lower.dataset), or(dataDir, lower.dataDir), or(seed, lower.seed),
                or(alphas, lower.alphas), or(temperature, lower.temperature), or(teacherEpochs, lower.teacherEpochs),
                or(studentEpochs, lower.studentEpochs), or(batchSize, lower.batchSize), or(threads, lower.threads),
                or(teacher, lower.teacher), or(trainLimit, lower.trainLimit), or(augment, lower.augment),
                or(methods, lower.methods), or(methodParam, lower.methodParam), or(seeds, lower.seeds),
                or(legacyNotebookLoss, lower.legacyNotebookLoss), or(teacherModel, lower.teacherModel),
                or(studentModel, lower.studentModel));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * @param defaultDataDir the cache used when no data directory is set
     * @return the validated configuration: the preset's defaults with these settings applied
     */
    public StudyConfig toConfig(Path defaultDataDir) {
        String datasetName = or(dataset, "cifar10");
        StudyConfig d = Preset.of(or(preset, "standard")).config(datasetName, or(dataDir, defaultDataDir));
        return new StudyConfig(
                d.preset(), d.dataset(), d.dataDir(), or(trainLimit, d.trainLimit()),
                d.validationFraction(), d.splitSeed(), or(augment, d.augment()), or(seed, d.seed()),
                or(teacherModel, d.teacherModel()), or(studentModel, d.studentModel()), teacher,
                or(teacherEpochs, teacher != null ? 0 : d.teacherEpochs()),
                or(studentEpochs, d.studentEpochs()), or(alphas, d.alphas()), or(temperature, d.temperature()),
                or(batchSize, d.batchSize()), or(threads, d.threads()), d.teacherOptimizer(), d.studentOptimizer(),
                or(methods, d.methods()), or(methodParam, d.methodParams()), or(seeds, d.seeds()),
                or(legacyNotebookLoss, d.legacyNotebookLoss()));
    }
}
