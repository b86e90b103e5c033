package io.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import io.distill4j.BadInputException;
import io.distill4j.data.BatchSource;
import io.distill4j.distill.Objective;
import io.distill4j.distill.ResponseKd;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    private static final OptimizerConfig SGD = new OptimizerConfig(0.1, 0.9, 5e-4, 0);

    @Test
    void aSplitStepOnTwoDevicesEqualsTheWholeBatchStep() {
        try (NDManager m = NDManager.newBaseManager();
                Network single = Network.of("small", SMALL, 7, Device.cpu());
                Network master = Network.of("small", SMALL, 7, Device.cpu());
                DataParallel parallel = DataParallel.of(master, List.of(Device.cpu()))) {
            Learner alone = new Learner("alone", single, ResponseKd.of(0.5, 4), new SgdMomentum(SGD));
            Learner split = new Learner("split", master, ResponseKd.of(0.5, 4), new SgdMomentum(SGD), parallel);
            assertThat(parallel.ways()).isEqualTo(2);
            for (int step = 0; step < 3; step++) {
                NDArray half = m.randomNormal(new Shape(6, 3, 16, 16));
                NDArray halfLabels = m.randomInteger(0, 10, new Shape(6), DataType.INT64);
                NDArray halfTeacher = m.randomNormal(new Shape(6, 10));
                BatchSource.Batch batch = new BatchSource.Batch(
                        NDArrays.concat(new ai.djl.ndarray.NDList(half, half)),
                        NDArrays.concat(new ai.djl.ndarray.NDList(halfLabels, halfLabels)));
                ModelOutput teacher = new ModelOutput(
                        NDArrays.concat(new ai.djl.ndarray.NDList(halfTeacher, halfTeacher)), Map.of());
                float expected = TrainingLoop.step(alone, batch, teacher, 0, 0.1);
                float got = TrainingLoop.step(split, batch, teacher, 0, 0.1);
                assertThat(got).as("loss of step %d", step).isCloseTo(expected, within(1e-5f));
                assertSameWeights(master, parallel.replicas().get(0), true);
                assertSameWeights(single, master, false);
            }
            // Running statistics differ by design (each shard's own), so only trained weights are compared.
            assertSameWeights(single, master, false);
            assertSameWeights(master, parallel.replicas().get(0), true);
        }
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
