package io.distill4j.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.Network;
import io.distill4j.train.EpochMetrics;
import io.distill4j.train.Learner;
import io.distill4j.train.MetricsHistory;
import io.distill4j.train.OptimizerConfig;
import io.distill4j.train.SgdMomentum;
import io.distill4j.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The method registry: names, parameters, feature checks, and that every method trains. */
class MethodsTest {
    private static final Dataset DATA = new SyntheticCifar(4).generate(64, 64);
    private static final Normalization NORM = Normalization.of(DATA.train());
    private static Network teacher;

    @BeforeAll
    static void teacher() {
        teacher = Network.create("alexnet", 3, ComputeDevice.cpu());
        teacher.freeze();
    }

    @AfterAll
    static void close() {
        teacher.close();
    }

    /** Every method, alone and composed, lowers its own training loss in ten steps on one batch. */
    @ParameterizedTest
    @ValueSource(strings = {"ce", "kd", "rkd", "sp", "fitnets", "at", "dkd", "dist", "rkd+kd", "at+kd", "kd+ls"})
    void aStudentTrainedWithTheMethodLowersItsLoss(String method) {
        MetricsHistory history = new MetricsHistory();
        try (Network student = Network.create("student-cnn", 5, ComputeDevice.cpu())) {
            Objective objective = Methods.create(method, Map.of("dkd.warmup-epochs", 0.0),
                    new Methods.Context(student, teacher, 4, 7, 1, null));
            Learner learner = new Learner(method, student, objective, new SgdMomentum(new OptimizerConfig(0.005, 0.9, 0, 0, OptimizerConfig.Schedule.CONSTANT)));
            new TrainingLoop(List.of(history)).run(new TrainingLoop.Plan("p", 10, 1, 1, false, false), List.of(learner),
                    objective.needsTeacher() ? io.distill4j.train.TeacherOutputs.live(teacher) : null, new BatchSource(DATA.train(), NORM, 64),
                    new BatchSource(DATA.test(), NORM, 64));
        }
        List<Double> losses = history.rows().stream().map(EpochMetrics::trainLoss).toList();
        assertThat(losses).allMatch(Double::isFinite);
        assertThat(losses.get(9)).as("losses %s", losses).isLessThan(losses.get(0));
    }

    @Test
    void featureMethodsPickBlocksOfEqualSize() {
        try (Network student = Network.create("student-cnn", 5, ComputeDevice.cpu())) {
            Methods.Context ctx = new Methods.Context(student, teacher, 4, 7, 1, null);
            Composite at = (Composite) Methods.create("at", Map.of(), ctx);
            AttentionTransfer transfer = (AttentionTransfer) at.terms().get(1).objective();
            // student conv1 16×16 ↔ alexnet conv1 16×16; student conv2 8×8 ↔ the deepest 8×8 block, conv4
            assertThat(transfer.pairs()).containsExactly(
                    new AttentionTransfer.Pair("conv1", "conv1"), new AttentionTransfer.Pair("conv2", "conv4"));
            Objective fit = Methods.create("fitnets", Map.of("fitnets.weight", 3.0), ctx);
            assertThat(fit.teacherFeatures()).containsExactly("conv4");
            assertThat(fit.trainable()).isNotNull();
            assertThat(((Composite) fit).terms().get(1).weight()).isEqualTo(3.0);
            assertThat(Methods.create("rkd+kd", Map.of(), ctx)).isInstanceOf(Composite.class);
            assertThat(((Composite) Methods.create("rkd+kd", Map.of(), ctx)).terms().get(0).objective())
                    .isEqualTo(ResponseKd.of(0.5, 4));
        }
    }

    @Test
    void aMethodNeedingFeaturesTheModelsLackFailsAtStartUp() {
        try (Network student = Network.create("student-227", 5, ComputeDevice.cpu())) {
            // student-227 ends its convolutions at 6×6; the 32-pixel alexnet has 16, 8 and 4
            assertThatThrownBy(() -> Methods.create("fitnets", Map.of(), new Methods.Context(student, teacher, 4, 7, 1, null)))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("needs a teacher feature map of 6×6");
        }
    }

    @Test
    void unknownNamesAndParametersListTheValidOnes() {
        assertThatThrownBy(() -> Methods.get("crdx")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown method 'crdx'").hasMessageContaining("ce, kd, rkd, sp, fitnets, at, dkd");
        assertThatThrownBy(() -> Methods.get("dkd+kd")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Methods.validate(List.of("rkd"), Map.of("rkd.weight", 1.0)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("rkd.distance-weight");
        assertThatThrownBy(() -> Methods.validate(List.of("kd", "kd"), Map.of())).hasMessageContaining("repeats");
        assertThatThrownBy(() -> Methods.validate(List.of(), Map.of("sp.weight", -1.0))).hasMessageContaining("≥ 0");
        assertThatThrownBy(() -> Methods.validate(List.of(), Map.of("kd.alpha", 2.0))).hasMessageContaining("[0, 1]");
        List<String> names = new ArrayList<>();
        Methods.all().forEach(m -> names.add(m.name()));
        assertThat(names).containsExactly("ce", "kd", "rkd", "sp", "fitnets", "at", "dkd", "dist", "reviewkd", "crd", "ls");
        assertThat(Methods.alpha("rkd", Map.of())).isEqualTo(1.0);
        assertThat(Methods.alpha("rkd+kd", Map.of("kd.alpha", 0.25))).isEqualTo(0.25);
    }
}
