package io.distill4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.pytorch.global.torch.randn;

import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The registered models take the dataset's image side and class count, or refuse it in one line. */
class ModelsFollowTheDataTest {
    @ParameterizedTest
    @CsvSource({"student-cnn, 64, 3", "student-cnn, 17, 100", "alexnet, 64, 100", "alexnet, 17, 3"})
    void buildsAndRunsAtTheDatasetsSideAndClasses(String model, int side, int classes) {
        try (Network net = Network.create(model, 1, ComputeDevice.cpu(), new InputShape(side, classes))) {
            Tensor logits = net.forward(randn(2, 3, side, side), false);
            assertThat(Tensors.dims(logits)).isEqualTo(Dims.of(2, classes));
            assertThat(net.inputShape()).isEqualTo(new InputShape(side, classes));
            assertThat(net.spec().inputSide()).isEqualTo(side);
            // the classifier's input width follows the side: the last block's channels × its output area
            ConvNetSpec spec = (ConvNetSpec) net.spec();
            int out = spec.outputSide(side);
            int channels = spec.convs().get(spec.convs().size() - 1).filters();
            assertThat(net.layerOutputShapes().get(flattenIndex(net)))
                    .isEqualTo(Dims.of(1, (long) channels * out * out));
        }
    }

    private static int flattenIndex(Network net) {
        java.util.List<Dims> shapes = net.layerOutputShapes();
        for (int i = 0; i < shapes.size(); i++) {
            if (shapes.get(i).dimension() == 2) {
                return i;
            }
        }
        throw new AssertionError("no flattened output");
    }

    @ParameterizedTest
    @CsvSource({"resnet8, 64, 3", "wrn-16-1, 17, 100", "vgg8, 8, 5", "mobilenetv2, 48, 7", "shufflenetv1, 20, 2",
        "shufflenetv2, 17, 100"})
    void zooModelsFollowTheSideThroughGlobalPooling(String model, int side, int classes) {
        try (Network net = Network.create(model, 1, ComputeDevice.cpu(), new InputShape(side, classes))) {
            assertThat(Tensors.dims(net.forward(randn(2, 3, side, side), false))).isEqualTo(Dims.of(2, classes));
            assertThat(net.layerSide()).isEqualTo(side);
        }
        assertThatThrownBy(() -> ModelRegistry.spec("vgg8", 7, 10)).isInstanceOf(BadInputException.class)
                .hasMessage("model 'vgg8' cannot take 7×7 images: its poolings shrink them below 1×1; use --image-size 8"
                        + " or more");
    }

    @Test
    void theDefaultsAreCifar10() {
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu())) {
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
        assertThat(((ConvNetSpec) ModelRegistry.spec("alexnet", 8, 10)).outputSide(8)).isEqualTo(1);
        assertThatThrownBy(() -> ModelRegistry.spec("student-cnn", 3, 10)).hasMessageContaining("--image-size 4 or more");
        assertThatThrownBy(() -> Network.create("alexnet", 1, ComputeDevice.cpu(), new InputShape(5, 3)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'alexnet' cannot take 5×5");
    }

    @Test
    void theNotebookModelsTakeOnly227OrCifarsSide() {
        assertThatThrownBy(() -> ModelRegistry.spec("alexnet-227", 64, 10)).isInstanceOf(BadInputException.class)
                .hasMessage("model 'alexnet-227' is made for 227×227 images (and CIFAR's 32×32, resized to it as the"
                        + " notebook did), not 64×64: use --image-size 227, or a model that follows the image size"
                        + " (alexnet, student-cnn, or any zoo model: see 'distill models')");
        assertThatThrownBy(() -> Network.create("student-227", 1, ComputeDevice.cpu(), new InputShape(224, 5)))
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
        try (Network teacher = Network.create("alexnet", 1, ComputeDevice.cpu(), new InputShape(32, 100));
                Network student = Network.create("student-cnn", 1, ComputeDevice.cpu());
                Network same = Network.create("student-cnn", 2, ComputeDevice.cpu(), new InputShape(32, 100))) {
            assertThatThrownBy(() -> io.distill4j.model.Classifier.requireSameClasses(teacher, student)).isInstanceOf(BadInputException.class)
                    .hasMessage("teacher alexnet answers 100 classes but student student-cnn answers 10: give a teacher"
                            + " trained on the student's dataset");
            io.distill4j.model.Classifier.requireSameClasses(teacher, same);
        }
    }

    @Test
    void aReplicaKeepsTheInputShape() {
        try (Network net = Network.create("student-cnn", 1, ComputeDevice.cpu(), new InputShape(40, 7));
                Network copy = net.replica(ComputeDevice.cpu())) {
            assertThat(copy.inputShape()).isEqualTo(new InputShape(40, 7));
        }
    }
}
