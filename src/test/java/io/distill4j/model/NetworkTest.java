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
                .hasMessageContaining("alexnet, student-cnn");
    }
}
