package io.distill4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.SplitOptions;
import io.distill4j.data.TrainingSplits.Part;
import io.distill4j.data.TrainingSplits;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.export.Exporter;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import io.distill4j.model.SavedModel;
import io.distill4j.model.TorchScriptTeacher;
import io.distill4j.train.EpochMetrics;
import io.distill4j.train.OptimizerConfig;
import io.distill4j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library path step by step on synthetic 16×16 images: a teacher trained, a student distilled,
 * both evaluated, saved with their manifests, loaded again and exported; TorchScript teachers; and
 * the one-line refusals of bad options.
 */
class ApiTest {
    @TempDir static Path tmp;

    private static TrainingSplits splits;

    @BeforeAll
    static void data() {
        Dataset data = Data.synthetic(16, 10, 600, 200, 1);
        splits = Data.split(data, new SplitOptions(0, 0.1, 1));
    }

    /** Records the loop's events. */
    private static final class Events implements TrainingListener {
        final List<String> phases = new ArrayList<>();
        final List<EpochMetrics> epochs = new ArrayList<>();

        @Override
        public void onPhaseStart(String phase, List<String> models, int epochs, int batchesPerEpoch) {
            phases.add(phase + " " + models + " " + epochs + "×" + batchesPerEpoch);
        }

        @Override
        public void onEpoch(EpochMetrics metrics) {
            epochs.add(metrics);
        }
    }

    @Test
    void aTeacherIsTrainedAStudentDistilledEvaluatedSavedLoadedAndExported() throws Exception {
        TrainOptions training = TrainOptions.DEFAULT.withEpochs(3).withBatchSize(54)
                .withOptimizer(new OptimizerConfig(0.05, 0.9, 5e-4, 0));
        Events teacherEvents = new Events();
        Events studentEvents = new Events();
        try (Network teacher = Teachers.train("student-cnn", splits, training, teacherEvents);
                Network student = Students.distil(teacher, splits, DistillOptions.of("kd").withTraining(training),
                        studentEvents)) {
            assertThat(teacherEvents.phases).containsExactly("teacher [teacher] 3×10");
            assertThat(teacherEvents.epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
            assertThat(studentEvents.phases).containsExactly("student-kd [student-kd] 3×10");
            assertThat(teacher.inputShape().side()).isEqualTo(16);

            double teacherTest = Evaluation.accuracy(teacher, splits, Part.TEST);
            double studentTest = Evaluation.accuracy(student, splits, Part.TEST);
            assertThat(teacherTest).as("teacher test accuracy, chance is 0.1").isGreaterThan(0.25);
            assertThat(studentTest).as("student test accuracy, chance is 0.1").isGreaterThan(0.25);
            assertThat(Evaluation.score(student, splits, Part.VALIDATION).images()).isEqualTo(60);
            assertThat(Evaluation.score(student, splits, Part.TRAIN).images()).isEqualTo(540);

            ModelEvaluation deep = Evaluation.evaluate("student", student, teacher, splits);
            assertThat(deep.teacherAgreement()).isNotNull().isBetween(0.0, 1.0);

            Path weights = tmp.resolve("student.params");
            ModelManifest manifest = Models.save(student, splits, weights);
            assertThat(manifest.classNames()).isEqualTo(splits.dataset().classNames());
            assertThat(manifest.normalization().mean()).isEqualTo(splits.norm().mean());
            try (SavedModel saved = Models.load(weights, ComputeDevice.cpu())) {
                assertThat(saved.manifest()).usingRecursiveComparison().isEqualTo(manifest);
                assertThat(Evaluation.accuracy(saved.network(), splits, Part.TEST)).isEqualTo(studentTest);
            }
            Path teacherWeights = tmp.resolve("teacher.params");
            Models.save(teacher, splits, teacherWeights);
            try (Network loaded = Teachers.load(teacherWeights, splits, ComputeDevice.cpu())) {
                assertThat(Evaluation.accuracy(loaded, splits, Part.TEST)).isEqualTo(teacherTest);
            }

            Exporter.Result onnx = Models.export(weights, "onnx");
            assertThat(onnx.directory()).isEqualTo(tmp.resolve("student-onnx").toAbsolutePath());
            assertThat(onnx.directory().resolve("model.onnx")).isNotEmptyFile();
            assertThatThrownBy(() -> Models.export(weights, "onnx", onnx.directory()))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("already holds files");
        }
    }

    @Test
    void aTorchScriptTeacherTeachesAStudentAndIsRefusedForOtherClasses() throws Exception {
        Path module = Path.of(ApiTest.class.getResource("/torchscript/tiny-teacher.pt").toURI());
        TrainOptions oneEpoch = TrainOptions.DEFAULT.withEpochs(1).withBatchSize(54);
        try (TorchScriptTeacher teacher = Teachers.torchScript(module, splits, ComputeDevice.cpu());
                Network student = Students.distil(teacher, splits, DistillOptions.of("sp").withTraining(oneEpoch))) {
            assertThat(Evaluation.score(teacher, splits, Part.TEST).images()).isEqualTo(200);
            assertThat(Evaluation.accuracy(student, splits, Part.TEST)).isBetween(0.0, 1.0);
        }
        TrainingSplits threeClasses = Data.split(Data.synthetic(16, 3, 60, 30, 1));
        assertThatThrownBy(() -> Teachers.torchScript(module, threeClasses, ComputeDevice.cpu()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("answers 10 classes (class-0, class-1, class-2, …) but the data has 3 classes");
    }

    /** The API prints nothing: a folder's first decoding reports to the caller's sink, and only there. */
    @Test
    void aFoldersFirstDecodingReportsToTheProgressTheCallerPasses() throws Exception {
        Path root = io.distill4j.data.folder.ImageFolders.tree(tmp.resolve("folder"), 2, 6);
        List<String> started = new java.util.ArrayList<>();
        long[] units = new long[1];
        io.distill4j.progress.Progress sink = (name, total, unit) -> {
            started.add(name + " " + total + " " + unit);
            return new io.distill4j.progress.Progress.Task() {
                @Override
                public void advance(long n) {
                    units[0] += n;
                }

                @Override
                public void close() {}
            };
        };
        Dataset first = Data.folder(io.distill4j.data.folder.FolderOptions.of(root, 16), sink);
        assertThat(started).containsExactly("decoding images 12 images");
        assertThat(units[0]).isEqualTo(12);
        assertThat(first.train().size() + first.test().size()).isEqualTo(12);
        started.clear();
        Data.folder(io.distill4j.data.folder.FolderOptions.of(root, 16), sink);
        assertThat(started).as("the second open reads the cache").isEmpty();
    }

    @Test
    void badOptionsAreRefusedInOneLineNamingTheValidChoices() throws Exception {
        assertThatThrownBy(() -> DistillOptions.of("kdd")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("unknown method 'kdd': valid methods are ce, kd, rkd");
        assertThatThrownBy(() -> DistillOptions.of("kd").withStudent("resnet")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("unknown model 'resnet': valid models are alexnet, student-cnn");
        assertThatThrownBy(() -> DistillOptions.of("kd").withParam("kd.beta", 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown method parameter 'kd.beta'");
        assertThatThrownBy(() -> DistillOptions.of("kd").withTemperature(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> TrainOptions.DEFAULT.withEpochs(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("epochs 0 is outside [1, 1000]");
        assertThatThrownBy(() -> new SplitOptions(0, 1, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("validation fraction 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> Students.distil(null, splits, DistillOptions.of("kd")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("method 'kd' distils from a teacher");
        assertThatThrownBy(() -> Teachers.train("alexnet", Data.split(Data.synthetic(4, 3, 60, 30, 1)),
                TrainOptions.DEFAULT)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("model 'alexnet' cannot take 4×4 images");
        Path noManifest = tmp.resolve("bare.params");
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu(), Training.shape(splits))) {
            net.save(noManifest);
        }
        assertThatThrownBy(() -> Teachers.load(noManifest, splits, ComputeDevice.cpu())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("has no manifest");
        assertThatThrownBy(() -> Models.export(noManifest, "tflite")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("unknown export format 'tflite': valid formats are onnx, pytorch, djl");
        assertThat(Files.exists(tmp.resolve("bare-tflite"))).isFalse();
    }
}
