package io.distill4j.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import io.distill4j.BadInputException;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.ModelRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layer walk: the registered layer types in forward order, anything else refused by name. */
class LayerWalkTest {
    private static final ConvNetSpec SPEC = ModelRegistry.spec("student-cnn", 8, 2);

    private static List<Layer> walk(SequentialBlock block) {
        try (Model model = Model.newInstance("custom", "PyTorch")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 8, 8));
            return LayerWalk.walk("custom", block, SPEC, 8);
        }
    }

    private static SequentialBlock convThen(ai.djl.nn.Block unknown) {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build())
                .add(Activation.reluBlock()).add(unknown).add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(2).build());
    }

    @Test
    void aLayerTypeTheExporterDoesNotKnowIsRefusedByName() {
        assertThatThrownBy(() -> walk(convThen(Pool.avgPool2dBlock(new Shape(2, 2)))))
                .isInstanceOf(BadInputException.class)
                .hasMessage("model 'custom' has a layer the exporter does not know: 'avgPool2d' (layer 3 of 5); it exports"
                        + " Conv2d, BatchNorm, ReLU, maxPool2d, batchFlatten, Dropout, Linear: export a registered architecture");
        assertThatThrownBy(() -> walk(convThen(LayerNorm.builder().build())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not know: 'LayerNorm' (layer 3 of 5)");
        assertThatThrownBy(() -> walk(convThen(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1)).optGroups(4).build())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'Conv2d' with groups 4");
    }

    @Test
    void knownLayersComeOutInForwardOrderWithTheirShapes() {
        List<Layer> layers = walk(convThen(Activation.reluBlock()));
        assertThat(layers).extracting(l -> l.getClass().getSimpleName())
                .containsExactly("Conv", "Relu", "Relu", "Flatten", "Linear");
        Layer.Conv conv = (Layer.Conv) layers.get(0);
        assertThat(conv.weight().shape()).containsExactly(4, 3, 3, 3);
        assertThat(conv.padding()).isEqualTo(1);
        assertThat(((Layer.Linear) layers.get(4)).weight().shape()).containsExactly(2, 256);
    }
}
