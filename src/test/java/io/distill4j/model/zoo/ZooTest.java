package io.distill4j.model.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Torch;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelRegistry;
import io.distill4j.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The zoo against RepDistiller's definitions: parameter counts and feature shapes for 100 classes at
 * 32×32, as its {@code models/} give them (counted with its code and Debian's PyTorch 1.13; the
 * same figures are in docs/zoo.md).
 */
class ZooTest {
    private static final InputShape CIFAR100 = new InputShape(32, 100);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "resnet8; 83892; 16x32x32 16x32x32 32x16x16 64x8x8 64",
        "resnet14; 181108; 16x32x32 16x32x32 32x16x16 64x8x8 64",
        "resnet20; 278324; 16x32x32 16x32x32 32x16x16 64x8x8 64",
        "resnet32; 472756; 16x32x32 16x32x32 32x16x16 64x8x8 64",
        "resnet44; 667188; 16x32x32 16x32x32 32x16x16 64x8x8 64",
        "resnet56; 861620; 16x32x32 16x32x32 32x16x16 64x8x8 64",
        "resnet110; 1736564; 16x32x32 16x32x32 32x16x16 64x8x8 64",
        "resnet8x4; 1233540; 32x32x32 64x32x32 128x16x16 256x8x8 256",
        "resnet32x4; 7433860; 32x32x32 64x32x32 128x16x16 256x8x8 256",
        "wrn-16-1; 180916; 16x32x32 16x32x32 32x16x16 64x8x8 64",
        "wrn-16-2; 703284; 16x32x32 32x32x32 64x16x16 128x8x8 128",
        "wrn-40-1; 569780; 16x32x32 16x32x32 32x16x16 64x8x8 64",
        "wrn-40-2; 2255156; 16x32x32 32x32x32 64x16x16 128x8x8 128",
        "vgg8; 3965028; 64x32x32 128x16x16 256x8x8 512x4x4 512x4x4 512",
        "vgg11; 9277284; 64x32x32 128x16x16 256x8x8 512x4x4 512x4x4 512",
        "vgg13; 9462180; 64x32x32 128x16x16 256x8x8 512x4x4 512x4x4 512",
        "vgg16; 14774436; 64x32x32 128x16x16 256x8x8 512x4x4 512x4x4 512",
        "vgg19; 20086692; 64x32x32 128x16x16 256x8x8 512x4x4 512x4x4 512",
        "mobilenetv2; 812836; 16x16x16 12x16x16 16x8x8 48x4x4 160x2x2 1280",
        "shufflenetv1; 949258; 24x32x32 240x16x16 480x8x8 960x4x4 960",
        "shufflenetv2; 1355528; 24x32x32 116x16x16 232x8x8 464x4x4 1024",
    })
    void parametersAndFeaturesAreRepDistillers(String name, long parameters, String features) {
        Torch.start();
        try (Network net = Network.create(name, 1, ComputeDevice.cpu(), CIFAR100)) {
            assertThat(net.trainableParameters()).isEqualTo(parameters);
            Map<String, Dims> all = net.featureShapes();
            Map<String, Dims> shapes = new java.util.LinkedHashMap<>(all);
            shapes.keySet().removeIf(f -> f.endsWith(ConvNetSpec.PREACT));
            assertThat(shapes.values().stream().map(d -> d.toString().replaceAll("[() ]", "").replace(",", "x"))
                    .collect(Collectors.joining(" "))).isEqualTo(features);
            // a pre-activation twin has its stage's shape
            all.forEach((f, d) -> {
                if (f.endsWith(ConvNetSpec.PREACT)) {
                    assertThat(d).isEqualTo(all.get(f.substring(0, f.length() - ConvNetSpec.PREACT.length())));
                }
            });
            assertThat(all.keySet().stream().anyMatch(f -> f.endsWith(ConvNetSpec.PREACT)))
                    .isEqualTo(name.startsWith("resnet") || name.startsWith("vgg") || name.equals("shufflenetv1"));
            List<String> names = new ArrayList<>(shapes.keySet());
            assertThat(names.get(0)).isEqualTo("stem");
            assertThat(names.get(names.size() - 1)).isEqualTo("embedding");
            assertThat(net.forward(org.bytedeco.pytorch.global.torch.randn(2, 3, 32, 32), false).shape()).containsExactly(2, 100);
        }
    }

    /** Measuring the evaluation batch builds a throwaway network; the seeded sequence of draws goes on as if it had not. */
    @Test
    void measuringTheEvaluationBatchLeavesTheRandomStateAlone() {
        Torch.seed(11);
        float expected = org.bytedeco.pytorch.global.torch.randn(1).item_float();
        Torch.seed(11);
        assertThat(new ZooModel("resnet14", 24, 7).evaluationBatch()).isPositive();
        assertThat(org.bytedeco.pytorch.global.torch.randn(1).item_float()).isEqualTo(expected);
    }

    @Test
    void everyZooModelIsRegisteredAndUnknownNamesListTheZoo() {
        assertThat(ModelRegistry.names()).containsAll(Zoo.names());
        assertThat(Zoo.names()).hasSize(21);
        assertThatThrownBy(() -> ModelRegistry.get("resnet18")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("resnet32x4").hasMessageContaining("shufflenetv2").hasMessageContaining("wrn-40-2");
    }
}
