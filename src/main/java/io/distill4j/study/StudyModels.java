package io.distill4j.study;

import io.distill4j.settings.Settings;
import io.distill4j.settings.StudyConfig;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.eval.Evaluator;
import io.distill4j.model.Classifier;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.EvaluationBatch;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.ModelRegistry;
import io.distill4j.model.Network;
import io.distill4j.model.SavedModel;
import io.distill4j.model.TeacherManifest;
import io.distill4j.model.TorchScriptTeacher;
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
        if (config.teacherTorchScript() == null) {
            ModelRegistry.spec(config.teacherModel(), shape);
        }
        ModelRegistry.spec(config.studentModel(), shape);
    }

    /** @return the image side and class count every model is built for */
    InputShape shape() {
        return shape;
    }

    /** @return a freshly initialized teacher to train */
    Network freshTeacher(ComputeDevice device) {
        return inPrecision(Network.create(config.teacherModel(), config.seed(), device, shape));
    }

    /** @return {@code model}, set to compute in the run's precision */
    private <M extends Classifier> M inPrecision(M model) {
        model.computeIn(config.precision());
        return model;
    }

    /**
     * @return the teacher the settings give, frozen: a TorchScript module ({@code
     *     --teacher-torchscript}) or distill4j weights ({@code --teacher}), checked against this data
     *     (classes and, unless {@code --allow-other-data}, dataset; parameter shapes)
     * @throws io.distill4j.BadInputException for a teacher of other classes or another dataset
     */
    Classifier givenTeacher(ComputeDevice device) {
        checkTeacher(config, classNames, fingerprint);
        if (config.teacherTorchScript() != null) {
            return inPrecision(torchScript(config, normalization, shape.side(), classNames, device));
        }
        Network net = Network.load(config.teacherModel(), config.teacherWeights(), device, shape);
        net.freeze();
        return inPrecision(net);
    }

    /**
     * A teacher to check the methods' features against before anything is trained: the
     * TorchScript module where there is one, else a fresh network of the teacher's architecture.
     *
     * @param config the settings
     * @param shape the data's image side and class count
     * @return the teacher, on the CPU
     */
    static Classifier checkingTeacher(StudyConfig config, InputShape shape) {
        if (config.teacherTorchScript() != null) {
            return torchScript(config, IDENTITY, shape.side(), null, ComputeDevice.cpu());
        }
        return Network.create(config.teacherModel(), 0, ComputeDevice.cpu(), shape);
    }

    /** A normalization that leaves values as they are: for checks that never look at the values. */
    private static final Normalization IDENTITY = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});

    /**
     * @param classNames the data's class names the teacher must answer, or {@code null} not to check
     */
    private static TorchScriptTeacher torchScript(StudyConfig config, Normalization norm, int side,
            List<String> classNames, ComputeDevice device) {
        Path file = config.teacherTorchScript();
        TorchScriptTeacher teacher = TorchScriptTeacher.load(file, TeacherManifest.pathFor(file), norm, side, device);
        if (classNames != null) {
            try {
                teacher.requireClasses(Settings.TEACHER_TORCHSCRIPT.flag() + " " + file, classNames);
            } catch (RuntimeException e) {
                teacher.close();
                throw e;
            }
        }
        return teacher;
    }

    /**
     * Checks a given teacher against the data before anything is written: a TorchScript module is
     * loaded and its outputs and classes checked; distill4j weights have their manifest's classes
     * and dataset checked (weights without a manifest, of earlier versions, are checked by their
     * parameters' shapes when they load).
     *
     * @param config the settings; nothing is checked without a given teacher
     * @param classNames the data's class names
     * @param fingerprint the data's fingerprint, or {@code null} where the dataset has none
     * @throws io.distill4j.BadInputException naming both datasets or class lists, or what is wrong
     *     with the module
     */
    static void checkTeacher(StudyConfig config, List<String> classNames, String fingerprint) {
        if (config.teacherTorchScript() != null) {
            torchScript(config, IDENTITY, InputShape.CIFAR10.side(), classNames, ComputeDevice.cpu()).close();
            return;
        }
        Path file = config.teacherWeights();
        ModelManifest manifest = file == null ? null : SavedModel.manifestOf(file);
        if (manifest != null) {
            manifest.checkCompatible(Settings.TEACHER.flag() + " " + file, config.dataset(), fingerprint, classNames,
                    config.get(Settings.ALLOW_OTHER_DATA));
        }
    }

    /** @return a freshly initialized student */
    Network student(long seed, ComputeDevice device) {
        return inPrecision(Network.create(config.studentModel(), seed, device, shape));
    }

    /**
     * @param teacher the study's teacher
     * @return bytes the run will write: final and best-epoch weights and a checkpoint (weights and
     *     momentum) for the teacher and each student, plus reports
     */
    long spaceNeeded(Classifier teacher) {
        double mb = 4 * teacher.sizeMb() + 4 * config.studentConfigurations() * config.seeds() * 2.0 + 20;
        return (long) (mb * 1e6);
    }

    /** @return the weights in {@code file} in a model of {@code architecture}, in the study's precision */
    Network load(String architecture, Path file, ComputeDevice device) {
        return inPrecision(Network.load(architecture, file, device, shape));
    }

    /** Saves the weights with their manifest beside them. */
    void save(Network net, Path file) throws IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        net.save(file, ModelManifest.of(net, normalization, classNames, config.dataset(), fingerprint));
    }

    /** @return the evaluation batch: small enough for every model's activations ({@link Evaluator#batchSize(Architecture)}) */
    int evaluationBatch() {
        int teacher = config.teacherTorchScript() != null
                ? EvaluationBatch.ofUnknownLayers(TeacherManifest.read(TeacherManifest.pathFor(config.teacherTorchScript())).inputSide())
                : Evaluator.batchSize(ModelRegistry.spec(config.teacherModel(), shape));
        return Math.min(teacher, Evaluator.batchSize(ModelRegistry.spec(config.studentModel(), shape)));
    }

    /** @return the dataset's class names, in label order */
    List<String> classNames() {
        return classNames;
    }
}
