package io.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import io.distill4j.data.BatchSource;
import io.distill4j.distill.Methods;
import io.distill4j.distill.Objective;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel steps, with CPU "devices" standing in for GPUs. A batch made of one half twice
 * gives every shard the batch-norm statistics of the whole batch, so a split step must then give
 * exactly the single-device step: this checks the split, the teacher slices, the loss weighting,
 * the gradient sum and the copy back.
 */
class DataParallelTest {
    /** No dropout, so that both runs are deterministic. */
    private static final ConvNetSpec SMALL = new ConvNetSpec(
            16, List.of(ConvNetSpec.Conv.same3(8, 2)), List.of(16), 0f, ConvNetSpec.DropoutAt.BETWEEN_LINEAR, 10);
    /** Linear layers only: no batch norm, so no statistics that depend on how a batch is split. */
    private static final ConvNetSpec NO_BATCH_NORM = new ConvNetSpec(
            16, List.of(), List.of(16), 0f, ConvNetSpec.DropoutAt.BETWEEN_LINEAR, 10);
    private static final OptimizerConfig SGD = new OptimizerConfig(0.1, 0.9, 5e-4, 0);

    @Test
    void aSplitStepOnTwoDevicesEqualsTheWholeBatchStep() {
        assertSplitStepsEqualWholeBatchSteps("kd", SMALL, true);
    }

    /**
     * SP relates the samples of a batch to one another: each shard's loss (one half) is another
     * loss than the whole batch's (that half twice: half the value), so the split step must compute
     * it on the gathered batch.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sp", "sp+kd"})
    void aSplitStepOfSimilarityPreservingEqualsTheWholeBatchStep(String method) {
        assertSplitStepsEqualWholeBatchSteps(method, SMALL, true);
    }

    /**
     * RKD relates the samples of a batch to one another too. Its distance between a sample and its
     * own copy is zero, where the square root's gradient magnifies rounding, so the batch is not
     * made of one half twice: a network without batch norm makes any batch, here of twelve
     * distinct images, give the same step split or whole.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rkd", "rkd+kd"})
    void aSplitStepOfRelationalKdEqualsTheWholeBatchStep(String method) {
        assertSplitStepsEqualWholeBatchSteps(method, NO_BATCH_NORM, false);
    }

    /**
     * Three SGD steps with momentum of one network on one device and of one split over two.
     *
     * @param twice whether the batch is one half twice, so that each shard's batch-norm statistics
     *     are the whole batch's
     */
    private static void assertSplitStepsEqualWholeBatchSteps(String method, ConvNetSpec spec, boolean twice) {
        try (Network teacherNet = Network.of("teacher", spec, 11, ComputeDevice.cpu());
                Network single = Network.of("small", spec, 7, ComputeDevice.cpu());
                Network master = Network.of("small", spec, 7, ComputeDevice.cpu());
                DataParallel parallel = DataParallel.of(master, List.of(ComputeDevice.cpu()))) {
            Objective loss = Methods.create(method, Map.of(), new Methods.Context(teacherNet, teacherNet, 4, 0, 1, null));
            Learner alone = new Learner("alone", single, loss, new SgdMomentum(SGD));
            Learner split = new Learner("split", master, loss, new SgdMomentum(SGD), parallel);
            assertThat(parallel.ways()).isEqualTo(2);
            int drawn = twice ? 6 : 12;
            for (int step = 0; step < 3; step++) {
                Tensor images = torch.randn(drawn, 3, 16, 16);
                Tensor labels = torch.randint(0L, 10L, new long[] {drawn});
                ModelOutput drawnTeacher;
                // The teacher's outputs are constants, as in the training loop: no gradient is recorded for them.
                try (NoGradGuard g = new NoGradGuard()) {
                    drawnTeacher = teacherNet.forward(torch.randn(drawn, 3, 16, 16), false, loss.teacherFeatures());
                }
                BatchSource.Batch batch = twice ? new BatchSource.Batch(twice(images), twice(labels))
                        : new BatchSource.Batch(images, labels);
                ModelOutput teacher = drawnTeacher;
                if (twice) {
                    Map<String, Tensor> features = new HashMap<>();
                    drawnTeacher.features().forEach((name, f) -> features.put(name, twice(f)));
                    teacher = new ModelOutput(twice(drawnTeacher.logits()), features);
                }
                float expected = TrainingLoop.step(alone, batch, teacher, 0, 0.1);
                float got = TrainingLoop.step(split, batch, teacher, 0, 0.1);
                assertThat(got).as("%s: loss of step %d", method, step)
                        .isCloseTo(expected, within(1e-5f * Math.max(1, Math.abs(expected))));
                assertSameWeights(master, parallel.replicas().get(0), true);
                // Running statistics differ by design (each shard's own), so only trained weights are compared.
                assertSameWeights(single, master, false);
            }
        }
    }

    private static Tensor twice(Tensor half) {
        return torch.cat(new TensorVector(half, half), 0);
    }

    @Test
    void aReplicaStartsWithTheMastersWeightsAndStatistics() {
        try (Network master = Network.of("small", SMALL, 3, ComputeDevice.cpu());
                Network replica = master.replica(ComputeDevice.cpu())) {
            assertSameWeights(master, replica, true);
            // Parameters record gradients; batch-norm statistics (buffers) do not.
            Set<String> parameters = new HashSet<>();
            var named = replica.module().named_parameters(true);
            for (long i = 0; i < named.size(); i++) {
                parameters.add(named.get(i).key().getString());
            }
            replica.tensors().forEach((name, t) ->
                    assertThat(t.requires_grad()).as(name).isEqualTo(parameters.contains(name)));
        }
    }

    @Test
    void teacherOutputsAreSlicedWithTheirFeatures() {
        Tensor logits = Tensors.floats(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 2);
        Tensor feature = Tensors.floats(new float[] {
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, 6, 3);
        ModelOutput part = new ModelOutput(logits, Map.of("embedding", feature)).slice(2, 4, ComputeDevice.cpu());
        assertThat(Tensors.toFloats(part.logits())).containsExactly(4, 5, 6, 7);
        assertThat(Tensors.toFloats(part.feature("embedding"))).containsExactly(6, 7, 8, 9, 10, 11);
    }

    @Test
    void anObjectiveWithItsOwnTrainableBlockIsRefused() {
        Objective regressor = new Objective() {
            @Override
            public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
                return labels;
            }

            @Override
            public boolean needsTeacher() {
                return false;
            }

            @Override
            public Module trainable() {
                return new LinearImpl(1, 1);
            }
        };
        assertThatThrownBy(() -> DataParallel.check("student-fitnets", regressor))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("student-fitnets").hasMessageContaining("--gpus 1");
    }

    private static void assertSameWeights(Network a, Network b, boolean statistics) {
        List<Map.Entry<String, Tensor>> x = a.tensors().entrySet().stream()
                .filter(p -> statistics || p.getValue().requires_grad()).toList();
        List<Map.Entry<String, Tensor>> y = b.tensors().entrySet().stream()
                .filter(p -> statistics || p.getValue().requires_grad()).toList();
        assertThat(y).hasSameSizeAs(x);
        for (int i = 0; i < x.size(); i++) {
            float[] u = Tensors.toFloats(x.get(i).getValue());
            float[] v = Tensors.toFloats(y.get(i).getValue());
            assertThat(v).as(x.get(i).getKey()).hasSameSizeAs(u);
            for (int j = 0; j < u.length; j++) {
                assertThat(v[j]).as("%s[%d]", x.get(i).getKey(), j).isCloseTo(u[j], within(1e-5f));
            }
        }
    }
}
