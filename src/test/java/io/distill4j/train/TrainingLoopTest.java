package io.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.distill.ResponseKd;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.Network;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {
    private static final Dataset DATA = new SyntheticCifar(2).generate(640, 200);
    private static final Normalization NORM = Normalization.of(DATA.train());

    private static List<EpochMetrics> train(List<String> names, double alpha, Network teacher, int epochs, long seed) {
        MetricsHistory history = new MetricsHistory();
        List<Learner> learners = new ArrayList<>();
        try {
            for (String name : names) {
                learners.add(new Learner(name, Network.create("student-cnn", 9, ComputeDevice.cpu()),
                        ResponseKd.of(alpha, 4), new SgdMomentum(new OptimizerConfig(0.05, 0.9, 5e-4, 0.5))));
            }
            new TrainingLoop(List.of(history)).run(new TrainingLoop.Plan("test", epochs, 1, seed, true, false), learners,
                    teacher == null ? null : TeacherOutputs.live(teacher),
                    new BatchSource(DATA.train(), NORM, 64), new BatchSource(DATA.test(), NORM, 100));
        } finally {
            learners.forEach(l -> l.network().close());
        }
        return history.rows();
    }

    @Test
    void labelTrainingLowersTheLossAndBeatsChance() {
        List<EpochMetrics> m = train(List.of("s"), 1, null, 4, 1);
        assertThat(m).hasSize(4);
        assertThat(m.get(3).trainLoss()).isLessThan(m.get(0).trainLoss());
        assertThat(m.get(3).valAcc()).isGreaterThan(0.3);
    }

    @Test
    void distillationFromATeacherLowersTheDistillationLoss() {
        try (Network teacher = Network.create("student-cnn", 3, ComputeDevice.cpu())) {
            teacher.freeze();
            List<EpochMetrics> m = train(List.of("s"), 0, teacher, 3, 1);
            assertThat(m.get(2).trainLoss()).isLessThan(m.get(0).trainLoss());
        }
    }

    @Test
    void sameSeedGivesIdenticalMetrics() {
        List<EpochMetrics> a = train(List.of("s"), 1, null, 1, 5);
        List<EpochMetrics> b = train(List.of("s"), 1, null, 1, 5);
        assertThat(b.get(0).trainLoss()).isEqualTo(a.get(0).trainLoss());
        assertThat(b.get(0).valLoss()).isEqualTo(a.get(0).valLoss());
    }

    /** Records, at every step, the batch's labels and images and the teacher's logits and features it was given. */
    private static final class Recorder implements io.distill4j.distill.Objective {
        final List<float[]> seen = new ArrayList<>();

        @Override
        public Tensor loss(io.distill4j.model.ModelOutput student, Tensor labels,
                io.distill4j.model.ModelOutput teacher, double epoch) {
            seen.add(Tensors.toFloats(labels));
            seen.add(Tensors.toFloats(teacher.logits()));
            seen.add(Tensors.toFloats(teacher.feature("conv2")));
            return ResponseKd.of(0.5, 4).of(student.logits(), labels, teacher.logits());
        }

        @Override
        public boolean needsTeacher() {
            return true;
        }

        @Override
        public java.util.Set<String> teacherFeatures() {
            return java.util.Set.of("conv2");
        }
    }

    private static List<float[]> recordAlone(Network teacher, int students, int which) {
        List<Recorder> recorders = new ArrayList<>();
        List<Learner> learners = new ArrayList<>();
        try {
            for (int i = 0; i < students; i++) {
                Recorder r = new Recorder();
                recorders.add(r);
                learners.add(new Learner("s" + i, Network.create("student-cnn", 9 + i, ComputeDevice.cpu()), r,
                        new SgdMomentum(new OptimizerConfig(0.05, 0.9, 5e-4, 0.5))));
            }
            new TrainingLoop(List.of()).run(new TrainingLoop.Plan("p", 2, 1, 4, true, false), learners, TeacherOutputs.live(teacher),
                    new BatchSource(DATA.train(), NORM, 64), new BatchSource(DATA.test(), NORM, 100));
        } finally {
            learners.forEach(l -> l.network().close());
        }
        return recorders.get(which).seen;
    }

    /** The shared teacher pass hands each student exactly what it would get if it trained alone. */
    @Test
    void sharedTeacherPassGivesEachStudentTheBatchesAndTeacherOutputsOfASoloRun() {
        try (Network teacher = Network.create("alexnet", 3, ComputeDevice.cpu())) {
            teacher.freeze();
            List<float[]> shared = recordAlone(teacher, 3, 2);
            List<float[]> alone = recordAlone(teacher, 1, 0);
            assertThat(shared).hasSize(alone.size()).hasSize(3 * 2 * 10);
            for (int i = 0; i < alone.size(); i++) {
                assertThat(shared.get(i)).as("step %d, item %d", i / 3, i % 3).containsExactly(alone.get(i));
            }
        }
    }

    @Test
    void aDistillingLearnerWithoutTeacherIsRefused() {
        assertThatThrownBy(() -> train(List.of("s"), 0.5, null, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void learningRateWarmsUpThenDecaysToZero() {
        OptimizerConfig c = new OptimizerConfig(0.1, 0.9, 0, 1);
        assertThat(c.learningRateAt(0, 10, 5)).isEqualTo(0.01, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(c.learningRateAt(9, 10, 5)).isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(c.learningRateAt(29, 10, 5)).isEqualTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(c.learningRateAt(49, 10, 5)).isEqualTo(0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(CrossEntropy.INSTANCE.needsTeacher()).isFalse();
    }

    /** RepDistiller's recipe: 0.05 until epoch 150 of 240, then 0.005, 0.0005 from 180, 0.00005 from 210. */
    @Test
    void theStepScheduleDividesByTenAtFiveSixAndSevenEighthsOfTheEpochs() {
        OptimizerConfig c = new OptimizerConfig(0.05, 0.9, 5e-4, 0, OptimizerConfig.Schedule.STEP);
        int perEpoch = 782;
        double[][] expected = {{0, 0.05}, {149, 0.05}, {150, 0.005}, {179, 0.005}, {180, 5e-4}, {209, 5e-4}, {210, 5e-5},
            {239, 5e-5}};
        for (double[] e : expected) {
            long first = (long) e[0] * perEpoch;
            assertThat(c.learningRateAt(first, perEpoch, 240)).as("epoch %s", e[0]).isCloseTo(e[1], within(1e-12));
            assertThat(c.learningRateAt(first + perEpoch - 1, perEpoch, 240)).as("end of epoch %s", e[0])
                    .isCloseTo(e[1], within(1e-12));
        }
        // with a warm-up, the steps come after it as they would without
        OptimizerConfig warm = new OptimizerConfig(0.05, 0.9, 5e-4, 1, OptimizerConfig.Schedule.STEP);
        assertThat(warm.learningRateAt(0, 10, 8)).isCloseTo(0.005, within(1e-12));
        assertThat(warm.learningRateAt(50, 10, 8)).isCloseTo(0.005, within(1e-12));
    }
}
