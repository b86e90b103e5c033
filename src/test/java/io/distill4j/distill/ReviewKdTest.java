package io.distill4j.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ReviewKD: the hierarchical context loss by hand, and the method on a zoo pair. */
class ReviewKdTest {
    @BeforeAll
    static void start() {
        Torch.start();
    }

    /**
     * A 2×2 map [[1, 2], [3, 4]] against zeros: MSE 7.5; only the 1×1 level is smaller than the map,
     * weight ½: mean 2.5 against 0 gives 6.25; (7.5 + ½·6.25) / (1 + ½) = 7.083333. A 1×1 map 3
     * against 1: no level below it, MSE 4. The sum: 11.083333.
     */
    @Test
    void hierarchicalContextLossByHand() {
        Tensor fs = Tensors.floats(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor ft = Tensors.floats(new float[4], 1, 1, 2, 2);
        assertThat(ReviewKd.hcl(List.of(fs), List.of(ft)).item_float()).isCloseTo(7.0833333f, within(1e-5f));
        Tensor s1 = Tensors.floats(new float[] {3}, 1, 1, 1, 1);
        Tensor t1 = Tensors.floats(new float[] {1}, 1, 1, 1, 1);
        assertThat(ReviewKd.hcl(List.of(fs, s1), List.of(ft, t1)).item_float()).isCloseTo(11.083333f, within(1e-5f));
        // a 8×8 map uses the 4, 2 and 1 levels: weights ½, ¼, ⅛ of pooled maps that here all equal the map's
        // constant value, so the loss is the plain MSE
        Tensor c = Tensors.floats(new float[64], 1, 1, 8, 8).add(Tensors.scalar(2));
        assertThat(ReviewKd.hcl(List.of(c), List.of(Tensors.floats(new float[64], 1, 1, 8, 8))).item_float())
                .isCloseTo(4f, within(1e-5f));
    }

    /**
     * The attention logits come from the two halves of the 1×1 convolution applied to each map; they
     * equal the convolution of the concatenated maps, value for value and in the gradients of its
     * weight and bias.
     */
    @Test
    void attentionOverTwoMapsEqualsTheConvolutionOfTheirConcatenation() {
        Torch.seed(11);
        Conv2dOptions options = new Conv2dOptions(6, 2, new LongPointer(1, 1));
        Conv2dImpl conv = new Conv2dImpl(options);
        Tensor x = torch.randn(4, 3, 5, 5);
        Tensor y = torch.randn(4, 3, 5, 5);
        Tensor split = ReviewKd.attention(conv, x, y);
        Tensor whole = conv.forward(torch.cat(new TensorVector(x, y), 1));
        assertThat(Tensors.dims(split)).isEqualTo(Tensors.dims(whole));
        assertThat(split.sub(whole).abs().max().item_float()).isLessThan(1e-5f);
        Tensor weights = Tensors.floats(new float[] {0.3f, -1.2f}, 1, 2, 1, 1);
        split.mul(weights).sum().backward();
        Tensor splitGrad = conv.weight().grad().clone();
        Tensor splitBiasGrad = conv.bias().grad().clone();
        conv.zero_grad(true);
        whole.mul(weights).sum().backward();
        assertThat(splitGrad.sub(conv.weight().grad()).abs().max().item_float()).isLessThan(1e-4f);
        assertThat(splitBiasGrad.sub(conv.bias().grad()).abs().max().item_float()).isLessThan(1e-4f);
        assertThat(conv.weight().grad().abs().max().item_float()).isGreaterThan(0.1f);
    }

    @Test
    void onAZooPairItFusesStagesComparesPreActivationsAndWarmsUp() {
        InputShape shape = new InputShape(32, 10);
        try (Network teacher = Network.create("resnet20", 1, ComputeDevice.cpu(), shape);
                Network student = Network.create("resnet8", 2, ComputeDevice.cpu(), shape)) {
            Objective o = Methods.create("reviewkd", Map.of("reviewkd.warmup-epochs", 2.0),
                    new Methods.Context(student, teacher, 4, 5, 1, null));
            assertThat(o.studentFeatures()).containsExactlyInAnyOrder("stage1", "stage2", "stage3", "embedding");
            assertThat(o.teacherFeatures())
                    .containsExactlyInAnyOrder("stage1.preact", "stage2.preact", "stage3.preact", "embedding");
            assertThat(o.trainable()).isNotNull();
            Tensor images = org.bytedeco.pytorch.global.torch.randn(4, 3, 32, 32);
            Tensor labels = Tensors.longs(new long[] {0, 1, 2, 3}, 4);
            ModelOutput t;
            try (NoGradGuard g = new NoGradGuard()) {
                t = teacher.forward(images, false, o.teacherFeatures());
            }
            ModelOutput s = student.forward(images, true, o.studentFeatures());
            float full = o.loss(s, labels, t, 3).item_float();
            float half = o.loss(s, labels, t, 1).item_float();
            float ce = CrossEntropy.INSTANCE.loss(s, labels, null, 1).item_float();
            assertThat(full).isGreaterThan(ce);
            // the review term is weighted by min(epoch / 2, 1): half of it at epoch 1
            assertThat(half - ce).isCloseTo((full - ce) / 2, within(1e-4f * full));
            Tensor loss = o.loss(s, labels, t, 3);
            loss.backward();
            assertThat(Tensors.named(o.trainable()).get("abf0_reduce.weight").grad().abs().sum().item_float()).isPositive();
            assertThat(student.tensors().get("conv1.weight").grad().abs().sum().item_float()).isPositive();
        }
    }

    @Test
    void aPlainStudentPairsItsBlocksWithTheDeepestStagesAndOneWithoutBlocksIsRefused() {
        InputShape shape = new InputShape(32, 10);
        try (Network teacher = Network.create("resnet8", 1, ComputeDevice.cpu(), shape);
                Network student = Network.create("student-cnn", 2, ComputeDevice.cpu(), shape)) {
            // student-cnn's blocks conv1, conv2 pair with resnet8's last two stages
            assertThat(Methods.create("reviewkd", Map.of(), new Methods.Context(student, teacher, 4, 5, 1, null)).teacherFeatures())
                    .containsExactlyInAnyOrder("stage2.preact", "stage3.preact", "embedding");
        }
        io.distill4j.model.ConvNetSpec flat = new io.distill4j.model.ConvNetSpec(32, List.of(), List.of(16), 0f,
                io.distill4j.model.ConvNetSpec.DropoutAt.BETWEEN_LINEAR, 10);
        try (Network teacher = Network.create("resnet8", 1, ComputeDevice.cpu(), shape);
                Network student = Network.of("flat", flat, 2, ComputeDevice.cpu())) {
            assertThatThrownBy(() -> Methods.create("reviewkd", Map.of(), new Methods.Context(student, teacher, 4, 5, 1, null)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("method reviewkd needs feature maps beyond the stem in both models")
                    .hasMessageContaining("flat has {embedding=(16)}");
        }
        assertThatThrownBy(() -> Methods.get("reviewkd+kd")).isInstanceOf(BadInputException.class);
    }
}
