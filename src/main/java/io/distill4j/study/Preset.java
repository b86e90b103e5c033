package io.distill4j.study;

import io.distill4j.BadInputException;
import io.distill4j.train.OptimizerConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Named bundles of defaults. {@code standard} is the study's protocol; {@code quick} shows every
 * artefact in minutes on two cores; {@code paper} is the original notebook's exact setup.
 */
public enum Preset {
    /** Teacher 20 epochs, students 10 epochs, all 50,000 training images (10 % held out). */
    STANDARD(0, 20, 10),
    /** Teacher 3 epochs, students 3 epochs, the first 6,000 training images. */
    QUICK(6_000, 3, 3),
    /**
     * The original notebook: {@code alexnet-227} and {@code student-227} on images resized to
     * 227×227, batch 64, SGD at a constant 0.005 with momentum 0.9 and weight decay 0.005, teacher
     * 20 epochs, students 10, no augmentation. Hours per epoch on a CPU: meant for a GPU.
     */
    PAPER(0, 20, 10);

    /** Distillation temperature chosen by measurement (see README). */
    public static final double DEFAULT_TEMPERATURE = 4;
    /** Batch size chosen by measurement (see README). */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Batch size of the notebook's 227×227 protocol ({@link #PAPER}). */
    public static final int PAPER_BATCH_SIZE = 64;

    private final int trainLimit;
    private final int teacherEpochs;
    private final int studentEpochs;

    Preset(int trainLimit, int teacherEpochs, int studentEpochs) {
        this.trainLimit = trainLimit;
        this.teacherEpochs = teacherEpochs;
        this.studentEpochs = studentEpochs;
    }

    /**
     * @param name {@code standard} or {@code quick}
     * @return the preset
     */
    public static Preset of(String name) {
        return Arrays.stream(values())
                .filter(p -> p.label().equals(name))
                .findFirst()
                .orElseThrow(() -> new BadInputException(
                        "unknown preset '" + name + "': valid presets are standard, quick, paper"));
    }

    /** @return the CLI name */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return default teacher epochs */
    public int teacherEpochs() {
        return teacherEpochs;
    }

    /** @return default student epochs */
    public int studentEpochs() {
        return studentEpochs;
    }

    /**
     * @param dataset dataset name
     * @param dataDir CIFAR-10 cache
     * @return this preset's full configuration
     */
    public StudyConfig config(String dataset, Path dataDir) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        if (this == PAPER) {
            OptimizerConfig notebook = new OptimizerConfig(0.005, 0.9, 0.005, 0, OptimizerConfig.Schedule.CONSTANT);
            return new StudyConfig(
                    label(), dataset, dataDir, trainLimit, 0.1, 1, false, 1, "alexnet-227", "student-227", null,
                    teacherEpochs, studentEpochs, List.of(1.0, 0.0, 0.5), DEFAULT_TEMPERATURE, PAPER_BATCH_SIZE, threads,
                    notebook, notebook, List.of(), Map.of(), 1, false);
        }
        OptimizerConfig sgd = new OptimizerConfig(0.05, 0.9, 5e-4, 1);
        return new StudyConfig(
                label(), dataset, dataDir, trainLimit, 0.1, 1, true, 1, "alexnet", "student-cnn", null,
                teacherEpochs, studentEpochs, List.of(1.0, 0.0, 0.5), DEFAULT_TEMPERATURE, DEFAULT_BATCH_SIZE,
                threads, sgd, sgd, List.of(), Map.of(), 1, false);
    }
}
