package io.distill4j.study;

import io.distill4j.settings.Settings;
import io.distill4j.settings.SettingValues;
import io.distill4j.settings.StudyConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.distill.ResponseKd;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.Network;
import io.distill4j.train.EpochMetrics;
import io.distill4j.train.Learner;
import io.distill4j.train.MetricsHistory;
import io.distill4j.train.OptimizerConfig;
import io.distill4j.train.SgdMomentum;
import io.distill4j.train.TrainingLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The notebook's exact setup ({@code --preset paper}) runs here for a few steps: its settings, the
 * 227×227 models' parameter counts, 32×32 batches resized inside the models, and optimizer steps of
 * the teacher and of a distilled student.
 */
class PaperPresetTest {
    @Test
    void paperPresetHasTheNotebooksSettings() {
        StudyConfig c = StudyConfig.of(SettingValues.empty().with(Settings.PRESET, "paper"));
        assertThat(c.teacherModel()).isEqualTo("alexnet-227");
        assertThat(c.studentModel()).isEqualTo("student-227");
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.augment()).isFalse();
        assertThat(c.validationFraction()).isEqualTo(0.1);
        assertThat(c.splitSeed()).isEqualTo(1);
        assertThat(c.teacherEpochs()).isEqualTo(20);
        assertThat(c.studentEpochs()).isEqualTo(10);
        OptimizerConfig sgd = c.studentOptimizer();
        assertThat(sgd).isEqualTo(c.teacherOptimizer());
        assertThat(List.of(sgd.learningRate(), sgd.momentum(), sgd.weightDecay())).containsExactly(0.005, 0.9, 0.005);
        assertThat(sgd.learningRateAt(0, 100, 20)).isEqualTo(0.005);
        assertThat(sgd.learningRateAt(1999, 100, 20)).isEqualTo(0.005);
    }

    @Test
    void notebookModelsTrainAndDistilForAFewSteps() {
        Dataset data = new SyntheticCifar(8).generate(8, 8);
        Normalization norm = Normalization.of(data.train());
        OptimizerConfig sgd = StudyConfig.of(SettingValues.empty().with(Settings.PRESET, "paper")).teacherOptimizer();
        MetricsHistory history = new MetricsHistory();
        try (Network teacher = Network.create("alexnet-227", 1, ComputeDevice.cpu());
                Network student = Network.create("student-227", 2, ComputeDevice.cpu())) {
            assertThat(teacher.trainableParameters()).isEqualTo(58_325_066L);
            assertThat(student.trainableParameters()).isEqualTo(742_986L);
            BatchSource train = new BatchSource(data.train(), norm, 4);
            BatchSource val = new BatchSource(data.test(), norm, 8);
            float before = Tensors.toFloats(
                    student.forward(val.batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0, false, null).images(), false))[0];
            TrainingLoop loop = new TrainingLoop(List.of(history));
            loop.run(new TrainingLoop.Plan("teacher", 1, 1, 1, false, false),
                    List.of(new Learner("teacher", teacher, CrossEntropy.INSTANCE, new SgdMomentum(sgd))), null, train, val);
            teacher.freeze();
            Learner distilled = new Learner("student", student, ResponseKd.of(0.5, 4), new SgdMomentum(sgd));
            loop.run(new TrainingLoop.Plan("students", 1, 1, 1, false, true), List.of(distilled), io.distill4j.train.TeacherOutputs.live(teacher), train, val);
            assertThat(distilled.optimizer().steps()).isEqualTo(2);
            float after = Tensors.toFloats(
                    student.forward(val.batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0, false, null).images(), false))[0];
            assertThat(after).isNotEqualTo(before);
        }
        assertThat(history.rows()).hasSize(2).allMatch(r -> Double.isFinite(r.trainLoss()) && Double.isFinite(r.valLoss()));
        assertThat(history.rows().stream().map(EpochMetrics::model)).containsExactly("teacher", "student");
    }
}
