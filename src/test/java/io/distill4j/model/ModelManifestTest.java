package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.pytorch.global.torch.randn;

import io.distill4j.BadInputException;
import io.distill4j.data.Normalization;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {
    private static final Normalization NORM = new Normalization(new float[] {125.3f, 122.95f, 113.87f},
            new float[] {62.99f, 62.09f, 66.7f});
    private static final List<String> HUNDRED = IntStream.range(0, 100).mapToObj(i -> "c" + i).toList();

    @TempDir Path tmp;

    private static ModelManifest manifest() {
        return new ModelManifest("student-cnn", 48, NORM, HUNDRED, "folder", "abc123", "0.9");
    }

    @Test
    void roundTripsBesideTheWeightsAndLoadsTheModelItDescribes() throws Exception {
        Path weights = tmp.resolve("models/student.params");
        try (Network net = Network.create("student-cnn", 3, ComputeDevice.cpu(), new InputShape(48, 100))) {
            ModelManifest written = ModelManifest.of(net, NORM, HUNDRED, "folder", null);
            net.save(weights, written);
            assertThat(ModelManifest.pathFor(weights)).isEqualTo(tmp.resolve("models/student.json")).exists();
            ModelManifest read = ModelManifest.read(ModelManifest.pathFor(weights));
            assertThat(read.architecture()).isEqualTo("student-cnn");
            assertThat(read.inputSide()).isEqualTo(48);
            assertThat(read.classNames()).isEqualTo(HUNDRED);
            assertThat(read.normalization().mean()).containsExactly(NORM.mean());
            assertThat(read.normalization().std()).containsExactly(NORM.std());
            assertThat(read.datasetFingerprint()).isNull();
            assertThat(read.distill4jVersion()).isEqualTo(written.distill4jVersion());
            String json = Files.readString(ModelManifest.pathFor(weights));
            assertThat(json).contains("\"channel_order\" : \"RGB\"", "\"layout\" : \"CHW\"", "\"value_range\" : \"0-255\"");
            try (SavedModel saved = SavedModel.load(weights, ComputeDevice.cpu())) {
                assertThat(saved.hasManifest()).isTrue();
                assertThat(saved.network().inputShape()).isEqualTo(new InputShape(48, 100));
                var x = randn(2, 3, 48, 48);
                assertThat(Tensors.toFloats(saved.network().forward(x, false)))
                        .containsExactly(Tensors.toFloats(net.forward(x, false)));
            }
            // the plain loader takes the side and class count from the manifest too
            try (Network again = Network.load("student-cnn", weights, ComputeDevice.cpu())) {
                assertThat(again.inputShape().classes()).isEqualTo(100);
            }
        }
    }

    @Test
    void weightsWithoutAManifestLoadAsTheCifar10ModelsTheyWere() throws Exception {
        Path weights = tmp.resolve("old.params");
        try (Network net = Network.create("student-cnn", 3, ComputeDevice.cpu())) {
            net.save(weights);
        }
        assertThat(ModelManifest.pathFor(weights)).doesNotExist();
        try (SavedModel saved = SavedModel.load(weights, ComputeDevice.cpu())) {
            assertThat(saved.hasManifest()).isFalse();
            assertThat(saved.network().architecture()).isEqualTo("student-cnn");
            assertThat(saved.network().inputShape()).isEqualTo(InputShape.CIFAR10);
        }
        ModelManifest implied = ModelManifest.legacy("student-cnn", NORM, "cifar10");
        assertThat(implied.classNames()).startsWith("airplane", "automobile").hasSize(10);
        assertThat(implied.inputSide()).isEqualTo(32);
    }

    @Test
    void anUnknownKeyIsRefusedInOneLineListingTheValidOnes() throws Exception {
        Path file = tmp.resolve("m.json");
        manifest().write(file);
        Files.writeString(file, Files.readString(file).replace("\"layout\"", "\"colour\" : \"x\", \"layout\""));
        assertThatThrownBy(() -> ModelManifest.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("model manifest " + file + " has unknown key 'colour'; valid keys are format,"
                        + " architecture")
                .hasMessageNotContaining("\n");
    }

    @Test
    void missingKeysWrongTypesAndOtherChannelOrdersAreRefusedByName() throws Exception {
        Path file = tmp.resolve("m.json");
        manifest().write(file);
        String good = Files.readString(file);
        assertBad(file, good.replace("\"input_side\" : 48,", ""), "lacks key 'input_side'");
        assertBad(file, good.replace("\"input_side\" : 48", "\"input_side\" : \"48\""), "'input_side' must be a whole number");
        assertBad(file, good.replace("\"RGB\"", "\"BGR\""), "has channel_order 'BGR'; distill4j reads only RGB");
        assertBad(file, good.replace("\"c1\"", "\"c0\""), "distinct class names");
        assertBad(file, good.replace("\"student-cnn\"", "\"resnet\""), "unknown model 'resnet'");
        assertBad(file, good.replace("\"input_side\" : 48", "\"input_side\" : 2"), "cannot take 2×2 images");
        assertBad(file, "[1, 2]", "is not a JSON object");
        assertBad(file, "{\"format\" :", "cannot be read as JSON");
    }

    private static void assertBad(Path file, String content, String fragment) throws Exception {
        Files.writeString(file, content);
        assertThatThrownBy(() -> ModelManifest.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("model manifest " + file).hasMessageContaining(fragment)
                .hasMessageNotContaining("\n");
    }

    @Test
    void aManifestOfAnotherArchitectureThanTheWeightsIsRefused() throws Exception {
        Path weights = tmp.resolve("w.params");
        try (Network net = Network.create("student-cnn", 3, ComputeDevice.cpu())) {
            net.save(weights);
        }
        new ModelManifest("alexnet", 32, NORM, ModelManifest.CIFAR10_CLASSES, "cifar10", null, "x")
                .write(ModelManifest.pathFor(weights));
        assertThatThrownBy(() -> SavedModel.load(weights, ComputeDevice.cpu())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("hold model 'student-cnn' but its manifest").hasMessageContaining("'alexnet'");
    }

    @Test
    void checkCompatibleRefusesOtherClassesAndOtherDataUnlessAllowed() {
        ModelManifest m = manifest();
        m.checkCompatible("--teacher t.params", "folder", "abc123", HUNDRED, false);
        m.checkCompatible("--teacher t.params", "folder", null, HUNDRED, false);
        assertThatThrownBy(() -> m.checkCompatible("--teacher t.params", "cifar10", null,
                ModelManifest.CIFAR10_CLASSES, true)).isInstanceOf(BadInputException.class)
                .hasMessage("--teacher t.params was trained on 'folder' (fingerprint abc123) with 100 classes (c0, c1,"
                        + " c2, …), not on 'cifar10' with 10 classes (airplane, automobile, bird, …): give a model"
                        + " trained on this data (the class counts differ, so no option can pair them)");
        assertThatThrownBy(() -> m.checkCompatible("--teacher t.params", "folder", "other", HUNDRED, false))
                .hasMessageContaining("(fingerprint other)").hasMessageEndingWith("or pass --allow-other-data if that is meant");
        List<String> renamed = IntStream.range(0, 100).mapToObj(i -> "d" + i).toList();
        assertThatThrownBy(() -> m.checkCompatible("--teacher t.params", "cifar100", null, renamed, false))
                .hasMessageContaining("--allow-other-data");
        m.checkCompatible("--teacher t.params", "cifar100", null, renamed, true);
    }
}
