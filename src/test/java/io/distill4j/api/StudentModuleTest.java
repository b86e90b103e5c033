package io.distill4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.flatten;
import static org.bytedeco.pytorch.global.torch.relu;

import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LinearOptions;
import org.bytedeco.pytorch.Module;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A student module written against the engine: trained by feature and logit methods, refused where it cannot serve. */
class StudentModuleTest {
    @TempDir static Path tmp;

    private static Splits splits;
    private static TrainedModel teacher;
    private static final TrainOptions QUICK = TrainOptions.DEFAULT.withEpochs(4).withBatchSize(54)
            .withOptimizer(new SgdOptions(0.05, 0.9, 5e-4, 0));

    @BeforeAll
    static void data() {
        splits = Data.synthetic(16, 10, 600, 200, 1).split(new SplitOptions(0, 0.1, 1));
        teacher = Teachers.train("resnet8", splits, QUICK);
    }

    @AfterAll
    static void close() {
        teacher.close();
    }

    /** conv 3×3 + BN + ReLU ("block", 16 @ 16×16), global pooling ("embedding", 16), linear logits. */
    private static StudentModule small(boolean features, int side) {
        Torch.seed(3);
        Module root = new Module();
        Conv2dOptions o = new Conv2dOptions(3, 16, new LongPointer(3L, 3L));
        o.padding().put(new LongPointer(1L, 1L));
        Conv2dImpl conv = Tensors.keep(root.register_module("conv", new Conv2dImpl(o)));
        BatchNorm2dImpl bn = Tensors.keep(root.register_module("bn", new BatchNorm2dImpl(new BatchNormOptions(16))));
        LinearImpl fc = Tensors.keep(root.register_module("fc", new LinearImpl(new LinearOptions(16, 10))));
        if (!features) {
            return StudentModule.logitsOnly("mine", root, side, 10,
                    x -> fc.forward(flatten(adaptive_avg_pool2d(relu(bn.forward(conv.forward(x))), 1, 1), 1, -1)));
        }
        return StudentModule.builder("mine", root, side, 10)
                .feature("block", x -> relu(bn.forward(conv.forward(x))))
                .feature("embedding", x -> flatten(adaptive_avg_pool2d(x, 1, 1), 1, -1))
                .logits(fc::forward);
    }

    @Test
    void aModuleWithNamedFeaturesLearnsByLogitFeatureAndContrastiveMethods() {
        for (String method : new String[] {"kd", "at", "rkd", "crd"}) {
            StudentModule own = small(true, 16);
            assertThat(own.features()).containsExactly("block", "embedding");
            DistillOptions options = DistillOptions.of(method).withParam("crd.negatives", 64).withTraining(QUICK);
            try (TrainedModel student = Students.distill(teacher, splits, own, options)) {
                assertThat(student.name()).isEqualTo("mine");
                assertThat(student.features()).containsEntry("embedding", List.of(16L))
                        .containsEntry("block", List.of(16L, 16L, 16L));
                assertThat(student.parameters()).isEqualTo(3 * 16 * 9 + 16 + 2 * 16 + 16 * 10 + 10);
                // 10 classes: chance is 0.1; here 0.28–0.42 after 4 epochs (the teacher 0.67)
                assertThat(Evaluation.accuracy(student, splits, Splits.Part.TEST)).as(method).isGreaterThan(0.2);
            }
        }
    }

    @Test
    void aLogitsOnlyModuleLearnsByLogitMethodsAndIsRefusedOthersNamingThem() throws Exception {
        try (TrainedModel student = Students.distill(teacher, splits, small(false, 16),
                DistillOptions.of("dkd").withTraining(QUICK))) {
            assertThat(student.features()).isEmpty();
            assertThat(Evaluation.accuracy(student, splits, Splits.Part.TEST)).isGreaterThan(0.2);
            assertThatThrownBy(() -> student.save(tmp.resolve("mine.params")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("OutputArchive");
            assertThatThrownBy(() -> student.export("onnx", tmp.resolve("mine-onnx")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("OutputArchive");
        }
        assertThatThrownBy(() -> Students.distill(teacher, splits, small(false, 16), DistillOptions.of("rkd").withTraining(QUICK)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("student mine gives logits only")
                .hasMessageContaining("ce, kd, dkd, dist, kd+ls");
        assertThatThrownBy(() -> Students.distill(teacher, splits, small(true, 32), DistillOptions.of("kd")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("takes 32×32 images of 10 classes, but the data has 16×16 images");
        assertThatThrownBy(() -> StudentModule.builder("twice", new Module(), 16, 10).feature("a", x -> x)
                .feature("a", x -> x).logits(x -> x)).isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");
    }
}
