package io.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import io.distill4j.BadInputException;
import io.distill4j.data.BatchSource;
import io.distill4j.distill.Methods;
import io.distill4j.distill.Objective;
import io.distill4j.distill.ResponseKd;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
        try (NDManager m = NDManager.newBaseManager();
                Network teacherNet = Network.of("teacher", spec, 11, Device.cpu());
                Network single = Network.of("small", spec, 7, Device.cpu());
                Network master = Network.of("small", spec, 7, Device.cpu());
                DataParallel parallel = DataParallel.of(master, List.of(Device.cpu()))) {
            Objective loss = Methods.create(method, Map.of(), new Methods.Context(teacherNet, teacherNet, 4, 0));
            Learner alone = new Learner("alone", single, loss, new SgdMomentum(SGD));
            Learner split = new Learner("split", master, loss, new SgdMomentum(SGD), parallel);
            assertThat(parallel.ways()).isEqualTo(2);
            int drawn = twice ? 6 : 12;
            for (int step = 0; step < 3; step++) {
                NDArray images = m.randomNormal(new Shape(drawn, 3, 16, 16));
                NDArray labels = m.randomInteger(0, 10, new Shape(drawn), DataType.INT64);
                ModelOutput drawnTeacher = teacherNet.forward(
                        m.randomNormal(new Shape(drawn, 3, 16, 16)), false, loss.teacherFeatures());
                BatchSource.Batch batch = twice ? new BatchSource.Batch(twice(images), twice(labels))
                        : new BatchSource.Batch(images, labels);
                ModelOutput teacher = drawnTeacher;
                if (twice) {
                    Map<String, NDArray> features = new HashMap<>();
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

    private static NDArray twice(NDArray half) {
        return NDArrays.concat(new NDList(half, half));
    }

    @Test
    void aReplicaStartsWithTheMastersWeightsAndStatistics() {
        try (Network master = Network.of("small", SMALL, 3, Device.cpu());
                Network replica = master.replica(Device.cpu())) {
            assertSameWeights(master, replica, true);
            for (Pair<String, Parameter> p : replica.block().getParameters()) {
                assertThat(p.getValue().getArray().hasGradient())
                        .as(p.getKey()).isEqualTo(p.getValue().requiresGradient());
            }
        }
    }

    @Test
    void teacherOutputsAreSlicedWithTheirFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.arange(12f).reshape(6, 2);
            NDArray feature = m.arange(18f).reshape(6, 3);
            ModelOutput part = new ModelOutput(logits, Map.of("embedding", feature)).slice(2, 4, Device.cpu());
            assertThat(part.logits().toFloatArray()).containsExactly(4, 5, 6, 7);
            assertThat(part.feature("embedding").toFloatArray()).containsExactly(6, 7, 8, 9, 10, 11);
        }
    }

    @Test
    void anObjectiveWithItsOwnTrainableBlockIsRefused() {
        Objective regressor = new Objective() {
            @Override
            public NDArray loss(ModelOutput student, NDArray labels, ModelOutput teacher, double epoch) {
                return labels;
            }

            @Override
            public boolean needsTeacher() {
                return false;
            }

            @Override
            public Block trainable() {
                return Linear.builder().setUnits(1).build();
            }
        };
        assertThatThrownBy(() -> DataParallel.check("student-fitnets", regressor))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("student-fitnets").hasMessageContaining("--gpus 1");
    }

    private static void assertSameWeights(Network a, Network b, boolean statistics) {
        List<Pair<String, Parameter>> x = a.block().getParameters().stream()
                .filter(p -> statistics || p.getValue().requiresGradient()).toList();
        List<Pair<String, Parameter>> y = b.block().getParameters().stream()
                .filter(p -> statistics || p.getValue().requiresGradient()).toList();
        assertThat(y).hasSameSizeAs(x);
        for (int i = 0; i < x.size(); i++) {
            float[] u = x.get(i).getValue().getArray().toFloatArray();
            float[] v = y.get(i).getValue().getArray().toFloatArray();
            assertThat(v).as(x.get(i).getKey()).hasSameSizeAs(u);
            for (int j = 0; j < u.length; j++) {
                assertThat(v[j]).as("%s[%d]", x.get(i).getKey(), j).isCloseTo(u[j], within(1e-5f));
            }
        }
    }
}
