package io.distill4j.study;

import ai.djl.Device;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.eval.Evaluator;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.ModelRegistry;
import io.distill4j.model.Network;
import io.distill4j.model.SavedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The study's networks as its data shapes them: every model takes the dataset's image side and
 * class count, every saved weights file gets a manifest (architecture, input, normalization,
 * class names, dataset), and a reused teacher is checked against the data before it is used.
 */
final class StudyModels {
    private final StudyConfig config;
    private final InputShape shape;
    private final List<String> classNames;
    private final String fingerprint;
    private final Normalization normalization;

    /**
     * @param config the settings
     * @param data the dataset: its image side and class names
     * @param normalization the training split's statistics, recorded in each manifest
     */
    StudyModels(StudyConfig config, Dataset data, Normalization normalization) {
        this.config = config;
        this.shape = new InputShape(data.imageSide(), data.classCount());
        this.classNames = List.copyOf(data.classNames());
        this.fingerprint = data.fingerprint();
        this.normalization = normalization;
        // Fails at start-up, naming the model and the image sizes that would work.
        ModelRegistry.spec(config.teacherModel(), shape);
        ModelRegistry.spec(config.studentModel(), shape);
    }

    /** @return the image side and class count every model is built for */
    InputShape shape() {
        return shape;
    }

    /**
     * @return the reused teacher (checked against this data: its manifest's classes and dataset,
     *     its parameters' shapes) or a freshly initialized one
     * @throws io.distill4j.BadInputException for a teacher of other classes or, unless {@code
     *     --allow-other-data}, of another dataset
     */
    Network teacher(Device device) {
        Path file = config.teacherWeights();
        if (file == null) {
            return Network.create(config.teacherModel(), config.seed(), device, shape);
        }
        checkTeacher(config, classNames, fingerprint);
        return Network.load(config.teacherModel(), file, device, shape);
    }

    /**
     * Checks a reused teacher's manifest against the data, so that a teacher of other classes is
     * refused before anything is written. Weights without a manifest (earlier versions) are checked
     * by their parameters' shapes when they load.
     *
     * @param config the settings; nothing is checked without {@code --teacher}
     * @param classNames the data's class names
     * @param fingerprint the data's fingerprint, or {@code null} where the dataset has none
     * @throws io.distill4j.BadInputException naming both datasets or class lists
     */
    static void checkTeacher(StudyConfig config, List<String> classNames, String fingerprint) {
        Path file = config.teacherWeights();
        ModelManifest manifest = file == null ? null : SavedModel.manifestOf(file);
        if (manifest != null) {
            manifest.checkCompatible(Settings.TEACHER.flag() + " " + file, config.dataset(), fingerprint, classNames,
                    config.get(Settings.ALLOW_OTHER_DATA));
        }
    }

    /** @return a freshly initialized student */
    Network student(long seed, Device device) {
        return Network.create(config.studentModel(), seed, device, shape);
    }

    /** Saves the weights with their manifest beside them. */
    void save(Network net, Path file) throws IOException {
        net.save(file, ModelManifest.of(net, normalization, classNames, config.dataset(), fingerprint));
    }

    /** @return the evaluation batch: small enough for every model's activations ({@link Evaluator#batchSize(ConvNetSpec)}) */
    int evaluationBatch() {
        return Math.min(Evaluator.batchSize(ModelRegistry.spec(config.teacherModel(), shape)),
                Evaluator.batchSize(ModelRegistry.spec(config.studentModel(), shape)));
    }

    /** @return the dataset's class names, in label order */
    List<String> classNames() {
        return classNames;
    }
}
