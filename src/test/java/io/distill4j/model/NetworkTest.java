package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.pytorch.global.torch.randn;
import static org.bytedeco.pytorch.global.torch.upsample_bilinear2d;

import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkTest {
    @TempDir Path tmp;

    @Test
    void countsMatchTheTopologyWorkedOutByHand() {
        try (Network student = Network.create("student-cnn", 1, ComputeDevice.cpu());
                Network teacher = Network.create("alexnet", 1, ComputeDevice.cpu())) {
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
        try (Network teacher = Network.create("alexnet-227", 1, ComputeDevice.cpu());
                Network student = Network.create("student-227", 1, ComputeDevice.cpu())) {
            assertThat(teacher.trainableParameters()).isEqualTo(58_325_066L);
            assertThat(student.trainableParameters()).isEqualTo(742_986L);
            assertThat(teacher.featureShapes()).containsEntry("conv1", Dims.of(96, 27, 27))
                    .containsEntry("conv5", Dims.of(256, 6, 6)).containsEntry("embedding", Dims.of(4096));
            assertThat(student.featureShapes()).containsEntry("conv2", Dims.of(32, 6, 6))
                    .containsEntry("embedding", Dims.of(256));
        }
    }

    @Test
    void featuresAreTheBlockOutputsAndTheEmbeddingFeedsTheLastLayer() {
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
            assertThat(net.featureShapes()).containsExactly(
                    java.util.Map.entry("conv1", Dims.of(32, 16, 16)), java.util.Map.entry("conv2", Dims.of(64, 8, 8)),
                    java.util.Map.entry("embedding", Dims.of(64)));
            Tensor x = randn(3, 3, 32, 32);
            ModelOutput out = net.forward(x, false, java.util.Set.of("conv2", "embedding"));
            assertThat(Tensors.dims(out.feature("conv2"))).isEqualTo(Dims.of(3, 64, 8, 8));
            assertThat(Tensors.dims(out.feature("embedding"))).isEqualTo(Dims.of(3, 64));
            assertThat(out.features()).doesNotContainKey("conv1");
            assertThat(Tensors.toFloats(out.logits())).containsExactly(Tensors.toFloats(net.forward(x, false)));
            // the last linear layer applied to the embedding gives the logits
            List<NetLayer> layers = net.layers();
            NetLayer last = layers.get(layers.size() - 1);
            assertThat(last).isInstanceOf(NetLayer.Dense.class);
            Tensor again = last.forward(out.feature("embedding"), false);
            assertThat(Tensors.toFloats(again)).usingComparatorWithPrecision(1e-5f)
                    .containsExactly(Tensors.toFloats(out.logits()));
            assertThatThrownBy(() -> net.forward(x, false, java.util.Set.of("conv9")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conv9");
        }
    }

    @Test
    void imagesOfAnotherSideAreResizedToTheModelsInput() {
        try (Network net = Network.create("student-227", 1, ComputeDevice.cpu())) {
            Tensor logits = net.forward(randn(2, 3, 32, 32), true);
            assertThat(Tensors.dims(logits)).isEqualTo(Dims.of(2, 10));
        }
    }

    @Test
    void resizingByMatrixProductsGivesLibtorchsBilinearInterpolation() {
        Torch.start();
        Tensor x = randn(3, 3, 20, 32);
        Tensor expected = upsample_bilinear2d(x, new long[] {50, 45}, false);
        Tensor got = Resize.resizedChannelsLast(
                x, Resize.interpolationMatrix(20, 50), Resize.interpolationMatrix(32, 45));
        assertThat(Tensors.dims(got)).isEqualTo(Dims.of(3, 3, 50, 45));
        float[] e = Tensors.toFloats(expected);
        float[] g = Tensors.toFloats(got);
        for (int i = 0; i < e.length; i++) {
            assertThat(g[i]).as("value %d", i).isCloseTo(e[i], org.assertj.core.api.Assertions.within(1e-5f));
        }
    }

    @Test
    void channelsLastForwardGivesTheValuesOfThePlainLayoutInBothModes() {
        for (String model : new String[] {"student-cnn", "student-227"}) {
            try (Network net = Network.create(model, 3, ComputeDevice.cpu())) {
                Tensor x = randn(4, 3, 32, 32);
                assertThat(Tensors.toFloats(Resize.channelsLast(x))).containsExactly(Tensors.toFloats(x));
                Tensor input = model.endsWith("227") ? upsample_bilinear2d(x, new long[] {227, 227}, false) : x;
                for (boolean training : new boolean[] {false, true}) {
                    // the plain layout: the layers one after the other on the NCHW input, no channels-last copy
                    net.module().train(training);
                    Torch.seed(5);
                    Tensor plain = input;
                    for (NetLayer layer : net.layers()) {
                        plain = layer.forward(plain, training);
                    }
                    float[] expected = Tensors.toFloats(plain);
                    Torch.seed(5);
                    float[] got = Tensors.toFloats(net.forward(x, training));
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
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
            Tensor logits = net.forward(randn(4, 3, 32, 32), false);
            assertThat(Tensors.dims(logits)).isEqualTo(Dims.of(4, 10));
        }
    }

    @Test
    void sameSeedSameWeightsAndSaveLoadRoundTrip() throws Exception {
        Path file = tmp.resolve("s.params");
        try (Network a = Network.create("student-cnn", 5, ComputeDevice.cpu());
                Network b = Network.create("student-cnn", 5, ComputeDevice.cpu())) {
            Tensor x = randn(2, 3, 32, 32);
            float[] ya = Tensors.toFloats(a.forward(x, false));
            assertThat(Tensors.toFloats(b.forward(x, false))).containsExactly(ya);
            a.save(file);
            try (Network c = Network.load("student-cnn", file, ComputeDevice.cpu())) {
                assertThat(Tensors.toFloats(c.forward(x, false))).containsExactly(ya);
            }
        }
    }

    @Test
    void weightsOfOtherShapesUnderTheRightNameAreRefusedByParameter() throws Exception {
        // a 100-class student-cnn's weights must not load into a 10-class one, and the message names both shapes
        Path file = tmp.resolve("foreign.params");
        ConvNetSpec s = ModelRegistry.STUDENT_CNN;
        ConvNetSpec wide = new ConvNetSpec(s.inputSide(), s.convs(), s.hidden(), s.dropout(), s.dropoutAt(), 100);
        try (Network other = Network.of("student-cnn", wide, 5, ComputeDevice.cpu())) {
            other.save(file);
        }
        assertThatThrownBy(() -> Network.load("student-cnn", file, ComputeDevice.cpu()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("of shape (100, 64)").hasMessageContaining("has (10, 64)");
    }

    @Test
    void wrongModelTruncatedAndMissingWeightsGiveClearErrors() throws Exception {
        Path file = tmp.resolve("s.params");
        try (Network a = Network.create("student-cnn", 5, ComputeDevice.cpu())) {
            a.save(file);
        }
        assertThatThrownBy(() -> Network.load("alexnet", file, ComputeDevice.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'student-cnn', not 'alexnet'");
        Path cut = tmp.resolve("cut.params");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Network.load("student-cnn", cut, ComputeDevice.cpu()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("truncated or corrupt");
        Path junk = tmp.resolve("junk.params");
        Files.writeString(junk, "hello");
        assertThatThrownBy(() -> Network.load("student-cnn", junk, ComputeDevice.cpu())).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Network.load("student-cnn", tmp.resolve("none"), ComputeDevice.cpu()))
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
