package io.distill4j.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.engine.Torch;
import io.distill4j.model.NetLayer;
import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.junit.jupiter.api.Test;

/** The layer walk: the network's layers in forward order, with their weights and settings. */
class LayerWalkTest {
    @Test
    void knownLayersComeOutInForwardOrderWithTheirShapes() {
        Torch.start();
        try (Module root = new Module()) {
            Conv2dOptions o = new Conv2dOptions(3, 4, new LongPointer(3L, 3L));
            o.padding().put(new LongPointer(1L, 1L));
            List<NetLayer> net = List.of(
                    new NetLayer.Conv("conv1", root.register_module("conv1", new Conv2dImpl(o)), 3, 1, 1, 1),
                    new NetLayer.Relu(), new NetLayer.Relu(), new NetLayer.Flatten(),
                    new NetLayer.Dense("classifier", root.register_module("classifier", new LinearImpl(4 * 8 * 8, 2))));
            List<Layer> layers = LayerWalk.walk(net, true, 8, 8);
            assertThat(layers).extracting(l -> l.getClass().getSimpleName())
                    .containsExactly("Conv", "Relu", "Relu", "Flatten", "Linear");
            Layer.Conv conv = (Layer.Conv) layers.get(0);
            assertThat(conv.weight().shape()).containsExactly(4, 3, 3, 3);
            assertThat(conv.padding()).isEqualTo(1);
            assertThat(conv.key()).isEqualTo("features.0");
            assertThat(((Layer.Linear) layers.get(4)).key()).isEqualTo("classifier.0");
            assertThat(((Layer.Linear) layers.get(4)).weight().shape()).containsExactly(2, 256);
        }
    }
}
