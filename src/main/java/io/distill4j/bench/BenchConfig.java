package io.distill4j.bench;

import io.distill4j.BadInputException;
import io.distill4j.engine.Precision;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelRegistry;
import io.distill4j.settings.Preset;
import java.util.List;

/**
 * What {@code distill bench} measures and for how long.
 *
 * @param models registered model names, in order
 * @param batchSize images per step, or 0 for the batch each model's preset trains it with (128 at
 *     32×32, 64 at 227×227)
 * @param warmup untimed steps before each measurement, at least 1
 * @param repetitions timed repetitions per figure, at least 1
 * @param secondsPerRepetition target length of one repetition; the number of steps per repetition
 *     follows from the warm-up step's time (at least one step)
 * @param matmulSide side of the square matrices of the matrix-multiply probe
 * @param input side and class count of the random images of the train, inference and distill
 *     figures (the models are built for them); the pipeline and epoch figures use synthetic
 *     32×32 CIFAR-like images
 * @param precision the arithmetic of the models' forward passes and of the matrix-multiply probe
 */
public record BenchConfig(
        List<String> models, int batchSize, int warmup, int repetitions, double secondsPerRepetition, int matmulSide,
        InputShape input, Precision precision) {
    /** Checks every value; an unknown model name lists the valid ones. */
    public BenchConfig {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new BadInputException("bench needs at least one model: pass --model, e.g. --model student-cnn");
        }
        models.forEach(m -> ModelRegistry.spec(m, input));
        if (batchSize < 0) {
            throw new BadInputException("--batch must be positive (or 0 for each model's default), got " + batchSize);
        }
        if (warmup < 1 || repetitions < 1) {
            throw new BadInputException("--warmup and --repetitions must be at least 1, got " + warmup + " and " + repetitions);
        }
        if (!(secondsPerRepetition > 0) || secondsPerRepetition > 600) {
            throw new BadInputException("--seconds must be in (0, 600], got " + secondsPerRepetition);
        }
        java.util.Objects.requireNonNull(precision, "precision");
        if (matmulSide < 16 || matmulSide > 16384) {
            throw new BadInputException("--matmul-side must be in [16, 16384], got " + matmulSide);
        }
    }

    /** The measurement on CIFAR-10's 32×32 images and 10 classes. */
    public BenchConfig(
            List<String> models, int batchSize, int warmup, int repetitions, double secondsPerRepetition, int matmulSide) {
        this(models, batchSize, warmup, repetitions, secondsPerRepetition, matmulSide, InputShape.CIFAR10, Precision.FP32);
    }

    /** @return the plain models (the zoo by name), 5 repetitions of about 4 s after 2 warm-up steps, 2048² matmul */
    public static BenchConfig defaults() {
        return new BenchConfig(List.copyOf(ModelRegistry.plainNames()), 0, 2, 5, 4, 2048);
    }

    /**
     * @param model a registered model name
     * @return the batch size used for it: the study's, or the paper preset's for the notebook's models
     */
    public int batchFor(String model) {
        if (batchSize > 0) {
            return batchSize;
        }
        return ModelRegistry.followsImageSize(model) ? Preset.DEFAULT_BATCH_SIZE : Preset.PAPER_BATCH_SIZE;
    }
}
