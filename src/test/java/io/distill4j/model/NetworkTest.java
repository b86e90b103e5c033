package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distill4j.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkTest {
    @TempDir Path tmp;

    @Test
    void countsMatchTheTopologyWorkedOutByHand() {
        try (Network student = Network.create("student-cnn", 1, Device.cpu());
                Network teacher = Network.create("alexnet", 1, Device.cpu())) {
            // conv 3·32·9+32, bn 64, conv 32·64·9+64, bn 128, fc 4096·96+96, 96·64+64, 64·10+10
            assertThat(student.trainableParameters()).isEqualTo(896 + 64 + 18_496 + 128 + 393_312 + 6_208 + 650);
            // conv MACs 32·32·32·27 + 16·16·64·288, linear 4096·96 + 96·64 + 64·10
            assertThat(student.macsPerImage()).isEqualTo(884_736L + 4_718_592L + 393_216 + 6_144 + 640);
            assertThat(teacher.trainableParameters()).isEqualTo(5_080_970);
            assertThat(student.trainableParameters()).isLessThan(teacher.trainableParameters() / 10);
        }
    }

    /**
     * The notebook's printout, layer by layer. AlexNet-227: conv 96·3·121+96 = 34,944, bn 192,
     * conv 256·96·25+256 = 614,656, bn 512, conv 384·256·9+384 = 885,120, bn 768,
     * conv 384·384·9+384 = 1,327,488, bn 768, conv 256·384·9+256 = 884,992, bn 512,
     * fc 9216·4096+4096 = 37,752,832, 4096·4096+4096 = 16,781,312, 4096·10+10 = 40,970.
     * Student-227: conv 16·3·121+16 = 5,824, bn 32, conv 32·16·25+32 = 12,832, bn 64,
     * fc 1152·512+512 = 590,336, 512·256+256 = 131,328, 256·10+10 = 2,570.
     */
    @Test
    void notebookModelsHaveExactlyTheNotebooksParameterCounts() {
        try (Network teacher = Network.create("alexnet-227", 1, Device.cpu());
                Network student = Network.create("student-227", 1, Device.cpu())) {
            assertThat(teacher.trainableParameters()).isEqualTo(58_325_066L);
            assertThat(student.trainableParameters()).isEqualTo(742_986L);
            assertThat(teacher.featureShapes()).containsEntry("conv1", new Shape(96, 27, 27))
                    .containsEntry("conv5", new Shape(256, 6, 6)).containsEntry("embedding", new Shape(4096));
            assertThat(student.featureShapes()).containsEntry("conv2", new Shape(32, 6, 6))
                    .containsEntry("embedding", new Shape(256));
        }
    }

    @Test
    void featuresAreTheBlockOutputsAndTheEmbeddingFeedsTheLastLayer() {
        try (Network net = Network.create("student-cnn", 1, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            assertThat(net.featureShapes()).containsExactly(
                    java.util.Map.entry("conv1", new Shape(32, 16, 16)), java.util.Map.entry("conv2", new Shape(64, 8, 8)),
                    java.util.Map.entry("embedding", new Shape(64)));
            NDArray x = m.randomNormal(new Shape(3, 3, 32, 32));
            ModelOutput out = net.forward(x, false, java.util.Set.of("conv2", "embedding"));
            assertThat(out.feature("conv2").getShape()).isEqualTo(new Shape(3, 64, 8, 8));
            assertThat(out.feature("embedding").getShape()).isEqualTo(new Shape(3, 64));
            assertThat(out.features()).doesNotContainKey("conv1");
            assertThat(out.logits().toFloatArray()).containsExactly(net.forward(x, false).toFloatArray());
            // the last linear layer applied to the embedding gives the logits
            ai.djl.nn.Block last = ((ai.djl.nn.SequentialBlock) net.block()).getChildren().get(
                    net.block().getChildren().size() - 1).getValue();
            NDArray again = last.forward(new ai.djl.training.ParameterStore(m, false),
                    new ai.djl.ndarray.NDList(out.feature("embedding")), false).singletonOrThrow();
            assertThat(again.toFloatArray()).usingComparatorWithPrecision(1e-5f).containsExactly(out.logits().toFloatArray());
            assertThatThrownBy(() -> net.forward(x, false, java.util.Set.of("conv9")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conv9");
        }
    }

    @Test
    void imagesOfAnotherSideAreResizedToTheModelsInput() {
        try (Network net = Network.create("student-227", 1, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            NDArray logits = net.forward(m.randomNormal(new Shape(2, 3, 32, 32)), true);
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 10));
        }
    }

    @Test
    void resizingByMatrixProductsGivesLibtorchsBilinearInterpolation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(3, 3, 20, 32));
            NDArray expected = x.getNDArrayInternal().interpolation(new long[] {50, 45}, 1, false);
            NDArray got = Resize.resizedChannelsLast(
                    x, Resize.interpolationMatrix(m, 20, 50), Resize.interpolationMatrix(m, 32, 45));
            assertThat(got.getShape()).isEqualTo(new Shape(3, 3, 50, 45));
            float[] e = expected.toFloatArray();
            float[] g = got.toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertThat(g[i]).as("value %d", i).isCloseTo(e[i], org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    @Test
    void channelsLastForwardGivesTheValuesOfThePlainLayoutInBothModes() {
        for (String model : new String[] {"student-cnn", "student-227"}) {
            try (Network net = Network.create(model, 3, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
                assertThat(Resize.channelsLast(x).toFloatArray()).containsExactly(x.toFloatArray());
                ai.djl.training.ParameterStore plain = new ai.djl.training.ParameterStore(m, false);
                NDArray input = model.endsWith("227")
                        ? x.getNDArrayInternal().interpolation(new long[] {227, 227}, 1, false) : x;
                for (boolean training : new boolean[] {false, true}) {
                    ai.djl.engine.Engine.getInstance().setRandomSeed(5);
                    float[] expected = net.block().forward(plain, new ai.djl.ndarray.NDList(input), training)
                            .singletonOrThrow().toFloatArray();
                    ai.djl.engine.Engine.getInstance().setRandomSeed(5);
                    float[] got = net.forward(x, training).toFloatArray();
                    for (int i = 0; i < expected.length; i++) {
                        assertThat(got[i]).as("%s training=%s logit %d", model, training, i)
                                .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4f));
                    }
                }
            }
        }
    }

    @Test
    void forwardGivesOneLogitPerClass() {
        try (Network net = Network.create("student-cnn", 1, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            NDArray logits = net.forward(m.randomNormal(new Shape(4, 3, 32, 32)), false);
            assertThat(logits.getShape()).isEqualTo(new Shape(4, 10));
        }
    }

    @Test
    void sameSeedSameWeightsAndSaveLoadRoundTrip() throws Exception {
        Path file = tmp.resolve("s.params");
        try (Network a = Network.create("student-cnn", 5, Device.cpu());
                Network b = Network.create("student-cnn", 5, Device.cpu());
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
            float[] ya = a.forward(x, false).toFloatArray();
            assertThat(b.forward(x, false).toFloatArray()).containsExactly(ya);
            a.save(file);
            try (Network c = Network.load("student-cnn", file, Device.cpu())) {
                assertThat(c.forward(x, false).toFloatArray()).containsExactly(ya);
            }
        }
    }

    @Test
    void weightsOfOtherShapesUnderTheRightNameAreRefusedByParameter() throws Exception {
        // DJL's Parameter.load does not check shapes: a 100-class student-cnn's weights must not load into a 10-class one.
        Path file = tmp.resolve("foreign.params");
        ConvNetSpec s = ModelRegistry.STUDENT_CNN;
        ConvNetSpec wide = new ConvNetSpec(s.inputSide(), s.convs(), s.hidden(), s.dropout(), s.dropoutAt(), 100);
        try (Network other = Network.of("student-cnn", wide, 5, Device.cpu())) {
            other.save(file);
        }
        assertThatThrownBy(() -> Network.load("student-cnn", file, Device.cpu()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("of shape (100, 64)").hasMessageContaining("has (10, 64)");
    }

    @Test
    void wrongModelTruncatedAndMissingWeightsGiveClearErrors() throws Exception {
        Path file = tmp.resolve("s.params");
        try (Network a = Network.create("student-cnn", 5, Device.cpu())) {
            a.save(file);
        }
        assertThatThrownBy(() -> Network.load("alexnet", file, Device.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'student-cnn', not 'alexnet'");
        Path cut = tmp.resolve("cut.params");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Network.load("student-cnn", cut, Device.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("truncated or corrupt");
        Path junk = tmp.resolve("junk.params");
        Files.writeString(junk, "hello");
        assertThatThrownBy(() -> Network.load("student-cnn", junk, Device.cpu())).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Network.load("student-cnn", tmp.resolve("none"), Device.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
    }

    @Test
    void unknownNameListsValidModels() {
        assertThatThrownBy(() -> ModelRegistry.get("resnet"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown model 'resnet'")
                .hasMessageContaining("alexnet, student-cnn, alexnet-227, student-227");
    }
}
