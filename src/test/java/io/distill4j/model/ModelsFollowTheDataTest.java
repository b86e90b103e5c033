package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distill4j.BadInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The registered models take the dataset's image side and class count, or refuse it in one line. */
class ModelsFollowTheDataTest {
    @ParameterizedTest
    @CsvSource({"student-cnn, 64, 3", "student-cnn, 17, 100", "alexnet, 64, 100", "alexnet, 17, 3"})
    void buildsAndRunsAtTheDatasetsSideAndClasses(String model, int side, int classes) {
        try (Network net = Network.create(model, 1, Device.cpu(), new InputShape(side, classes));
                NDManager m = NDManager.newBaseManager()) {
            NDArray logits = net.forward(m.randomNormal(new Shape(2, 3, side, side)), false);
            assertThat(logits.getShape()).isEqualTo(new Shape(2, classes));
            assertThat(net.inputShape()).isEqualTo(new InputShape(side, classes));
            assertThat(net.spec().inputSide()).isEqualTo(side);
            // the classifier's input width follows the side: the last block's channels × its output area
            int out = net.spec().outputSide(side);
            int channels = net.spec().convs().get(net.spec().convs().size() - 1).filters();
            assertThat(net.childOutputShapes().get(flattenIndex(net)))
                    .isEqualTo(new Shape(1, (long) channels * out * out));
        }
    }

    private static int flattenIndex(Network net) {
        java.util.List<Shape> shapes = net.childOutputShapes();
        for (int i = 0; i < shapes.size(); i++) {
            if (shapes.get(i).dimension() == 2) {
                return i;
            }
        }
        throw new AssertionError("no flattened output");
    }

    @Test
    void theDefaultsAreCifar10() {
        try (Network net = Network.create("student-cnn", 1, Device.cpu())) {
            assertThat(net.inputShape()).isEqualTo(InputShape.CIFAR10);
            assertThat(net.trainableParameters()).isEqualTo(896 + 64 + 18_496 + 128 + 393_312 + 6_208 + 650);
        }
    }

    @Test
    void aStackThatShrinksTheImageBelowOnePixelFailsInOneLineNamingWhatWorks() {
        // alexnet pools by 2 three times: 7 → 3 → 1 → nothing; 8 → 4 → 2 → 1
        assertThatThrownBy(() -> ModelRegistry.spec("alexnet", 7, 10)).isInstanceOf(BadInputException.class)
                .hasMessage("model 'alexnet' cannot take 7×7 images: its convolutions and pooling shrink them below"
                        + " 1×1; use --image-size 8 or more, or a model with fewer pooling steps");
        assertThat(ModelRegistry.spec("alexnet", 8, 10).outputSide(8)).isEqualTo(1);
        assertThatThrownBy(() -> ModelRegistry.spec("student-cnn", 3, 10)).hasMessageContaining("--image-size 4 or more");
        assertThatThrownBy(() -> Network.create("alexnet", 1, Device.cpu(), new InputShape(5, 3)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'alexnet' cannot take 5×5");
    }

    @Test
    void theNotebookModelsTakeOnly227OrCifarsSide() {
        assertThatThrownBy(() -> ModelRegistry.spec("alexnet-227", 64, 10)).isInstanceOf(BadInputException.class)
                .hasMessage("model 'alexnet-227' is made for 227×227 images (and CIFAR's 32×32, resized to it as the"
                        + " notebook did), not 64×64: use --image-size 227, or a model that follows the image size"
                        + " (alexnet, student-cnn)");
        assertThatThrownBy(() -> Network.create("student-227", 1, Device.cpu(), new InputShape(224, 5)))
                .hasMessageContaining("'student-227' is made for 227×227").hasMessageNotContaining("\n");
        assertThat(ModelRegistry.spec("student-227", 227, 100).inputSide()).isEqualTo(227);
        assertThat(ModelRegistry.spec("student-227", 32, 100).classes()).isEqualTo(100);
        assertThat(ModelRegistry.followsImageSize("alexnet")).isTrue();
        assertThat(ModelRegistry.followsImageSize("alexnet-227")).isFalse();
    }

    @Test
    void outOfRangeSidesAndClassCountsAreBadInput() {
        assertThatThrownBy(() -> new InputShape(0, 10)).isInstanceOf(BadInputException.class).hasMessageContaining("1–1024");
        assertThatThrownBy(() -> new InputShape(1025, 10)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new InputShape(32, 0)).isInstanceOf(BadInputException.class);
    }

    @Test
    void teacherAndStudentMustAnswerTheSameClasses() {
        try (Network teacher = Network.create("alexnet", 1, Device.cpu(), new InputShape(32, 100));
                Network student = Network.create("student-cnn", 1, Device.cpu());
                Network same = Network.create("student-cnn", 2, Device.cpu(), new InputShape(32, 100))) {
            assertThatThrownBy(() -> io.distill4j.model.Classifier.requireSameClasses(teacher, student)).isInstanceOf(BadInputException.class)
                    .hasMessage("teacher alexnet answers 100 classes but student student-cnn answers 10: give a teacher"
                            + " trained on the student's dataset");
            io.distill4j.model.Classifier.requireSameClasses(teacher, same);
        }
    }

    @Test
    void aReplicaKeepsTheInputShape() {
        try (Network net = Network.create("student-cnn", 1, Device.cpu(), new InputShape(40, 7));
                Network copy = net.replica(Device.cpu())) {
            assertThat(copy.inputShape()).isEqualTo(new InputShape(40, 7));
        }
    }
}
