package io.distill4j.api;

import io.distill4j.settings.SettingValues;
import io.distill4j.settings.Settings;
import io.distill4j.settings.StudyConfig;

/**
 * How one model is trained: validated on construction, changed through the {@code with…} methods.
 *
 * @param epochs training epochs, 1 to 1000
 * @param batchSize images per training batch, 1 to 4096
 * @param optimizer SGD with momentum, its peak learning rate and schedule
 * @param seed seed of the initial weights, the batch order, the augmentation and dropout
 * @param augment whether training batches are randomly cropped (pad 4) and flipped
 * @param hardware where the model trains
 * @param precision the arithmetic of its forward passes: fp32, or bf16 autocast (weights and optimizer float32)
 */
public record TrainOptions(int epochs, int batchSize, SgdOptions optimizer, long seed, boolean augment,
        Hardware hardware, Precision precision) {
    /** Valid epoch counts: {@code --student-epochs}'s. */
    public static final ValueRange EPOCHS = ValueRange.of(Settings.STUDENT_EPOCH_RANGE);
    /** Valid batch sizes: {@code --batch-size}'s. */
    public static final ValueRange BATCH_SIZE = ValueRange.of(Settings.BATCH_SIZE_RANGE);
    /**
     * The study's student optimizer, from the settings table's standard defaults: peak rate 0.05, momentum
     * 0.9, weight decay 5e-4, 1 warm-up epoch, cosine decay.
     */
    public static final SgdOptions STUDY_OPTIMIZER = SgdOptions.of(StudyConfig.of(SettingValues.empty()).studentOptimizer());
    /**
     * The study's settings for a student, from the settings table's standard defaults: 10 epochs, batch 128,
     * {@link #STUDY_OPTIMIZER}, seed 1, augmented; CPU, fp32.
     */
    public static final TrainOptions DEFAULT = new TrainOptions(Settings.STUDENT_EPOCHS.defaults().example(),
            Settings.BATCH_SIZE.defaults().example(), STUDY_OPTIMIZER, Settings.SEED.defaults().example(),
            Settings.AUGMENT.defaults().example(), Hardware.cpu(), Precision.FP32);

    /**
     * Checks every value.
     *
     * @param epochs training epochs, 1 to 1000
     * @param batchSize images per training batch, 1 to 4096
     * @param optimizer SGD with momentum, its peak learning rate and schedule
     * @param seed seed of the initial weights, the batch order, the augmentation and dropout
     * @param augment whether training batches are randomly cropped (pad 4) and flipped
     * @param hardware where the model trains
     * @param precision the arithmetic of its forward passes
     * @throws InvalidInputException for epochs or a batch size out of range, naming the valid interval
     */
    public TrainOptions {
        Settings.STUDENT_EPOCH_RANGE.check("epochs", epochs, Settings.STUDENT_EPOCHS.defaults().example());
        Settings.BATCH_SIZE_RANGE.check("batch size", batchSize, Settings.BATCH_SIZE.defaults().example());
        if (optimizer == null || hardware == null || precision == null) {
            throw new InvalidInputException("training options need an optimizer, hardware and a precision: start from"
                    + " TrainOptions.DEFAULT");
        }
    }

    /**
     * @param n training epochs
     * @return these options with {@code n} epochs
     */
    public TrainOptions withEpochs(int n) {
        return new TrainOptions(n, batchSize, optimizer, seed, augment, hardware, precision);
    }

    /**
     * @param n images per batch
     * @return these options with batches of {@code n} images
     */
    public TrainOptions withBatchSize(int n) {
        return new TrainOptions(epochs, n, optimizer, seed, augment, hardware, precision);
    }

    /**
     * @param config the optimizer's settings
     * @return these options with that optimizer
     */
    public TrainOptions withOptimizer(SgdOptions config) {
        return new TrainOptions(epochs, batchSize, config, seed, augment, hardware, precision);
    }

    /**
     * @param learningRate the peak learning rate
     * @return these options with the optimizer's peak learning rate changed
     */
    public TrainOptions withLearningRate(double learningRate) {
        return withOptimizer(optimizer.withLearningRate(learningRate));
    }

    /**
     * @param s the seed
     * @return these options with seed {@code s}
     */
    public TrainOptions withSeed(long s) {
        return new TrainOptions(epochs, batchSize, optimizer, s, augment, hardware, precision);
    }

    /**
     * @param on whether to crop and flip training batches
     * @return these options with augmentation on or off
     */
    public TrainOptions withAugment(boolean on) {
        return new TrainOptions(epochs, batchSize, optimizer, seed, on, hardware, precision);
    }

    /**
     * @param h where the model trains, e.g. {@code Hardware.gpu(0)}
     * @return these options on {@code h}
     */
    public TrainOptions withHardware(Hardware h) {
        return new TrainOptions(epochs, batchSize, optimizer, seed, augment, h, precision);
    }

    /**
     * @param p the arithmetic of the forward passes ({@link Precision#BF16}: about 2× faster on CPUs
     *     with AVX512-BF16 or AMX)
     * @return these options computing in {@code p}
     */
    public TrainOptions withPrecision(Precision p) {
        return new TrainOptions(epochs, batchSize, optimizer, seed, augment, hardware, p);
    }
}
