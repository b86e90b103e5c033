package io.distill4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.api.Splits.Part;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.InputShape;
import io.distill4j.model.Network;
import java.io.UncheckedIOException;
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

    private static Splits splits;

    @BeforeAll
    static void data() {
        splits = Data.synthetic(16, 10, 600, 200, 1).split(new SplitOptions(0, 0.1, 1));
    }

    /** Records the loop's events. */
    private static final class Events implements TrainingObserver {
        final List<String> phases = new ArrayList<>();
        final List<EpochReport> epochs = new ArrayList<>();
        int batches;

        @Override
        public void phaseStarted(String phase, List<String> models, int epochs, int batchesPerEpoch) {
            phases.add(phase + " " + models + " " + epochs + "×" + batchesPerEpoch);
        }

        @Override
        public void batchFinished(int epoch, int batch, int images) {
            batches++;
        }

        @Override
        public void epochFinished(EpochReport report) {
            epochs.add(report);
        }

        @Override
        public void phaseFinished(String phase) {
            phases.add("end " + phase);
        }
    }

    @Test
    void aTeacherIsTrainedAStudentDistilledEvaluatedSavedLoadedAndExported() throws Exception {
        TrainOptions training = TrainOptions.DEFAULT.withEpochs(3).withBatchSize(54)
                .withOptimizer(new SgdOptions(0.05, 0.9, 5e-4, 0));
        Events teacherEvents = new Events();
        Events studentEvents = new Events();
        try (TrainedModel teacher = Teachers.train("student-cnn", splits, training, teacherEvents);
                TrainedModel student = Students.distill(teacher, splits, DistillOptions.of("kd").withTraining(training),
                        studentEvents)) {
            assertThat(teacherEvents.phases).containsExactly("teacher [teacher] 3×10", "end teacher");
            assertThat(teacherEvents.epochs).extracting(EpochReport::epoch).containsExactly(1, 2, 3);
            assertThat(teacherEvents.epochs).allSatisfy(e -> assertThat(e.validationAccuracy()).isBetween(0.0, 1.0));
            assertThat(teacherEvents.batches).isEqualTo(30);
            assertThat(studentEvents.phases).containsExactly("student-kd [student-kd] 3×10", "end student-kd");
            assertThat(teacher.imageSide()).isEqualTo(16);
            assertThat(teacher.classNames()).isEqualTo(splits.classNames());

            double teacherTest = Evaluation.accuracy(teacher, splits, Part.TEST);
            double studentTest = Evaluation.accuracy(student, splits, Part.TEST);
            assertThat(teacherTest).as("teacher test accuracy, chance is 0.1").isGreaterThan(0.25);
            assertThat(studentTest).as("student test accuracy, chance is 0.1").isGreaterThan(0.25);
            assertThat(Evaluation.score(student, splits, Part.VALIDATION).images()).isEqualTo(60);
            assertThat(Evaluation.score(student, splits, Part.TRAIN).images()).isEqualTo(540);

            TestEvaluation deep = Evaluation.evaluate("student", student, teacher, splits);
            assertThat(deep.teacherAgreement()).isNotNull().isBetween(0.0, 1.0);
            assertThat(deep.accuracy()).isEqualTo(studentTest);
            assertThat(deep.confusion()).hasSize(10).allSatisfy(row -> assertThat(row).hasSize(10));
            assertThat(deep.confusion().stream().flatMap(List::stream).mapToLong(Long::longValue).sum()).isEqualTo(200);

            Path weights = tmp.resolve("student.params");
            SavedWeights saved = student.save(weights);
            assertThat(saved.classNames()).isEqualTo(splits.classNames());
            assertThat(saved.manifest()).isEqualTo(tmp.resolve("student.json")).isNotEmptyFile();
            assertThat(saved.mean()).hasSize(3).allSatisfy(m -> assertThat(m).isBetween(0.0, 255.0));
            try (TrainedModel loaded = Models.load(weights, Hardware.cpu())) {
                assertThat(loaded.classNames()).isEqualTo(saved.classNames());
                assertThat(loaded.save(tmp.resolve("again.params"))).usingRecursiveComparison()
                        .ignoringFields("weights", "manifest").isEqualTo(saved);
                assertThat(Evaluation.accuracy(loaded, splits, Part.TEST)).isEqualTo(studentTest);
            }
            Path teacherWeights = tmp.resolve("teacher.params");
            teacher.save(teacherWeights);
            try (TrainedModel loaded = Teachers.load(teacherWeights, splits, Hardware.cpu())) {
                assertThat(Evaluation.accuracy(loaded, splits, Part.TEST)).isEqualTo(teacherTest);
            }

            ExportResult onnx = Models.export(weights, "onnx");
            assertThat(onnx.format()).isEqualTo("onnx");
            assertThat(onnx.directory()).isEqualTo(tmp.resolve("student-onnx").toAbsolutePath());
            assertThat(onnx.directory().resolve("model.onnx")).isNotEmptyFile();
            assertThatThrownBy(() -> Models.export(weights, "onnx", onnx.directory()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("already holds files");
            ExportResult inMemory = student.export("onnx", tmp.resolve("in-memory"));
            assertThat(Files.readAllBytes(inMemory.directory().resolve("model.onnx")))
                    .as("the model in memory exports as its weights file does")
                    .isEqualTo(Files.readAllBytes(onnx.directory().resolve("model.onnx")));
            assertThat(Evaluation.accuracy(student, splits, Part.TEST)).as("still open after export").isEqualTo(studentTest);
        }
    }

    @Test
    void aTorchScriptTeacherTeachesAStudentAndIsRefusedForOtherClasses() throws Exception {
        Path module = Path.of(ApiTest.class.getResource("/torchscript/tiny-teacher.pt").toURI());
        TrainOptions oneEpoch = TrainOptions.DEFAULT.withEpochs(1).withBatchSize(54);
        try (TrainedModel teacher = Teachers.torchScript(module, splits, Hardware.cpu());
                TrainedModel student = Students.distill(teacher, splits, DistillOptions.of("sp").withTraining(oneEpoch))) {
            assertThat(Evaluation.score(teacher, splits, Part.TEST).images()).isEqualTo(200);
            assertThat(Evaluation.accuracy(student, splits, Part.TEST)).isBetween(0.0, 1.0);
            assertThatThrownBy(() -> teacher.save(tmp.resolve("ts.params"))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is a TorchScript module");
        }
        Splits threeClasses = Data.synthetic(16, 3, 60, 30, 1).split();
        assertThatThrownBy(() -> Teachers.torchScript(module, threeClasses, Hardware.cpu()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("answers 10 classes (class-0, class-1, class-2, …) but the data has 3 classes");
    }

    /** The API prints nothing: a folder's first decoding reports to the caller's sink, and only there. */
    @Test
    void aFoldersFirstDecodingReportsToTheProgressTheCallerPasses() throws Exception {
        Path root = io.distill4j.data.folder.ImageFolders.tree(tmp.resolve("folder"), 2, 6);
        List<String> started = new java.util.ArrayList<>();
        long[] units = new long[1];
        ProgressSink sink = (name, total, unit) -> {
            started.add(name + " " + total + " " + unit);
            return n -> units[0] += n;
        };
        try (ImageData first = Data.folder(FolderOptions.of(root, 16), sink)) {
            assertThat(started).containsExactly("decoding images 12 images");
            assertThat(units[0]).isEqualTo(12);
            assertThat(first.trainImages() + first.testImages()).isEqualTo(12);
        }
        started.clear();
        Splits closed;
        try (ImageData second = Data.folder(FolderOptions.of(root, 16), sink)) {
            assertThat(started).as("the second open reads the cache").isEmpty();
            assertThat(second.classNames()).hasSize(2);
            closed = second.split();
        }
        assertThatThrownBy(() -> Teachers.train("student-cnn", closed, TrainOptions.DEFAULT.withEpochs(1).withBatchSize(4)))
                .as("closing the data releases its cache file: its splits read no more")
                .hasStackTraceContaining("after their dataset was closed");
    }

    @Test
    void badOptionsAreRefusedInOneLineNamingTheValidChoices() throws Exception {
        assertThatThrownBy(() -> DistillOptions.of("kdd")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unknown method 'kdd': valid methods are ce, kd, rkd");
        assertThatThrownBy(() -> DistillOptions.of("kd").withStudent("resnet")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unknown model 'resnet': valid models are alexnet, student-cnn");
        assertThatThrownBy(() -> DistillOptions.of("kd").withParam("kd.beta", 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown method parameter 'kd.beta'");
        assertThatThrownBy(() -> DistillOptions.of("kd").withTemperature(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> TrainOptions.DEFAULT.withEpochs(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("epochs 0 is outside [1, 1000]");
        assertThatThrownBy(() -> new SplitOptions(0, 1, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("validation fraction 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> Students.distill(null, splits, DistillOptions.of("kd")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("method 'kd' distills from a teacher");
        assertThatThrownBy(() -> Teachers.train("alexnet", Data.synthetic(4, 3, 60, 30, 1).split(),
                TrainOptions.DEFAULT)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model 'alexnet' cannot take 4×4 images");
        Path noManifest = tmp.resolve("bare.params");
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu(), new InputShape(16, 10))) {
            net.save(noManifest);
        }
        assertThatThrownBy(() -> Teachers.load(noManifest, splits, Hardware.cpu())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no manifest");
        assertThatThrownBy(() -> Models.export(noManifest, "tflite")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unknown export format 'tflite': valid formats are onnx, pytorch, djl");
        assertThat(Files.exists(tmp.resolve("bare-tflite"))).isFalse();
        Path legacy = tmp.resolve("legacy.params");
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu(), InputShape.CIFAR10)) {
            net.save(legacy);
        }
        try (TrainedModel bare = Models.load(legacy, Hardware.cpu())) {
            assertThat(bare.classNames()).as("weights of earlier versions are CIFAR-10 models").hasSize(10);
            assertThatThrownBy(() -> bare.save(tmp.resolve("copy.params"))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("without a manifest").hasMessageContaining("--write-manifest");
        }
        Path aFile = Files.writeString(tmp.resolve("a-file"), "not a directory");
        try (TrainedModel student = Students.distill(null, splits, DistillOptions.of("ce")
                .withTraining(TrainOptions.DEFAULT.withEpochs(1).withBatchSize(300)))) {
            assertThatThrownBy(() -> student.save(aFile.resolve("student.params")))
                    .as("a file that cannot be written is an UncheckedIOException").isInstanceOf(UncheckedIOException.class);
        }
    }
}
