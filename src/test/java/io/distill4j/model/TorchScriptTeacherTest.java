package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.data.Normalization;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed TorchScript fixture ({@code tools/make_test_teacher.py}) against the values PyTorch
 * computed for it: the input is converted from the study's normalization to the module's and
 * resized inside libtorch, the outputs are named by the manifest, and a module that disagrees with
 * its manifest is refused in one line.
 */
class TorchScriptTeacherTest {
    @TempDir Path tmp;

    /** A study's normalization of the data, unlike the module's own (ImageNet's on [0, 1]). */
    private static final Normalization DATA = new Normalization(new float[] {120, 115, 100}, new float[] {60, 62, 64});

    static Path fixture(String name) throws Exception {
        return Path.of(TorchScriptTeacherTest.class.getResource("/torchscript/" + name).toURI());
    }

    @Test
    void logitsAndFeaturesEqualPyTorchsOnTheSameImageGivenInTheStudysNormalization() throws Exception {
        JsonNode expected = Json.mapper().readTree(fixture("tiny-teacher-expected.json").toFile());
        Path pt = fixture("tiny-teacher.pt");
        try (TorchScriptTeacher teacher =
                TorchScriptTeacher.load(pt, TeacherManifest.pathFor(pt), DATA, 32, ComputeDevice.cpu())) {
            float[] pixels = new float[3 * 32 * 32];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        float raw = (37 * c + 11 * y + 5 * x) % 256;
                        pixels[(c * 32 + y) * 32 + x] = (raw - DATA.mean()[c]) / DATA.std()[c];
                    }
                }
            }
            Tensor images = Tensors.floats(pixels, 1, 3, 32, 32);
            ModelOutput out = teacher.forward(images, true, Set.of("block1", "block2", "embedding"));
            float[] logits = Tensors.toFloats(out.logits());
            assertThat(logits).hasSize(10);
            for (int k = 0; k < 10; k++) {
                assertThat(logits[k]).isCloseTo((float) expected.get("logits").get(k).asDouble(), within(1e-4f));
            }
            float[] embedding = Tensors.toFloats(out.feature("embedding"));
            for (int k = 0; k < 16; k++) {
                assertThat(embedding[k]).isCloseTo((float) expected.get("embedding").get(k).asDouble(), within(1e-4f));
            }
            assertThat(out.feature("block1").sum().item_float()).isCloseTo((float) expected.get("block1_sum").asDouble(),
                    within(1e-3f * Math.abs((float) expected.get("block1_sum").asDouble())));
            assertThat(Tensors.dims(out.feature("block2"))).isEqualTo(Dims.of(1, 16, 8, 8));
        }
    }

    @Test
    void itDescribesItselfFromItsManifestAndCountsItsParameters() throws Exception {
        Path pt = fixture("tiny-teacher.pt");
        try (TorchScriptTeacher teacher =
                TorchScriptTeacher.load(pt, TeacherManifest.pathFor(pt), DATA, 32, ComputeDevice.cpu())) {
            assertThat(teacher.featureShapes()).containsExactly(
                    java.util.Map.entry("block1", Dims.of(8, 8, 8)), java.util.Map.entry("block2", Dims.of(16, 8, 8)),
                    java.util.Map.entry("embedding", Dims.of(16)));
            // conv 3→8 (3×3) 216+8, batch norm 8+8, conv 8→16 1152+16, linear 16→10 160+10; running statistics excluded
            assertThat(teacher.trainableParameters()).isEqualTo(1578);
            assertThat(teacher.inputShape()).isEqualTo(new InputShape(32, 10));
            assertThat(teacher.layerSide()).isEqualTo(16);
            assertThat(teacher.architecture()).isEqualTo("torchscript:tiny-teacher.pt");
            assertThatThrownBy(() -> teacher.forward(null, false, Set.of("layer9")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no feature 'layer9'");
        }
    }

    @Test
    void aFileThatIsNotTorchScriptIsRefusedInOneLine() throws Exception {
        Path pt = Files.writeString(tmp.resolve("teacher.pt"), "not a module");
        Files.copy(fixture("tiny-teacher.json"), tmp.resolve("teacher.json"));
        assertThatThrownBy(() -> TorchScriptTeacher.load(pt, TeacherManifest.pathFor(pt), DATA, 32, ComputeDevice.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("is not a TorchScript module")
                .message().doesNotContain("\n");
    }

    @Test
    void aModuleWhoseOutputsDisagreeWithItsManifestIsRefusedNamingBoth() throws Exception {
        Path pt = Files.copy(fixture("tiny-teacher.pt"), tmp.resolve("teacher.pt"));
        ObjectNode manifest = (ObjectNode) Json.mapper().readTree(fixture("tiny-teacher.json").toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) manifest.get("outputs")).remove(3);
        Files.writeString(tmp.resolve("teacher.json"), manifest.toString());
        assertThatThrownBy(() -> TorchScriptTeacher.load(pt, TeacherManifest.pathFor(pt), DATA, 32, ComputeDevice.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("returns 4 outputs but teacher.json names 3");

        manifest = (ObjectNode) Json.mapper().readTree(fixture("tiny-teacher.json").toFile());
        ((ObjectNode) manifest.get("outputs").get(1)).putArray("shape").add(8).add(4).add(4);
        Files.writeString(tmp.resolve("teacher.json"), manifest.toString());
        assertThatThrownBy(() -> TorchScriptTeacher.load(pt, TeacherManifest.pathFor(pt), DATA, 32, ComputeDevice.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("output 1 ('block1') has shape (8, 8, 8)");
    }

    @Test
    void aManifestWithAnUnknownKeyOrNoneAtAllIsRefused() throws Exception {
        Path pt = Files.copy(fixture("tiny-teacher.pt"), tmp.resolve("teacher.pt"));
        assertThatThrownBy(() -> TorchScriptTeacher.load(pt, TeacherManifest.pathFor(pt), DATA, 32, ComputeDevice.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("has no manifest");
        ObjectNode manifest = (ObjectNode) Json.mapper().readTree(fixture("tiny-teacher.json").toFile());
        manifest.put("input_size", 16);
        Files.writeString(tmp.resolve("teacher.json"), manifest.toString());
        assertThatThrownBy(() -> TorchScriptTeacher.load(pt, TeacherManifest.pathFor(pt), DATA, 32, ComputeDevice.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("unknown key 'input_size'");
    }
}
