package io.distill4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.Normalization;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.InputShape;
import io.distill4j.model.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.NoGradGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation of two untrained student networks on 37 synthetic test images in batches of 16
 * (the last one partial), checked against the same quantities computed in plain Java from the
 * logits.
 */
class DeepEvaluationTest {
    private static final FootprintMeter.Settings FAST = new FootprintMeter.Settings(1, 3, 8, 2);
    /** The dataset's names, whatever they are: never CIFAR-10's from a constant. */
    private static final List<String> NAMES = IntStream.range(0, 10).mapToObj(c -> "kind " + c).toList();
    private static Network student;
    private static Network teacher;
    private static BatchSource test;
    private static Reference ref;

    /** Everything computed in Java from both networks' logits of all 37 images in one batch. */
    private record Reference(int[] labels, int[] studentPred, int[] teacherPred, double[] confidence, double kl) {}

    @BeforeAll
    static void setUp() {
        Dataset data = new SyntheticCifar(3).generate(100, 37);
        Normalization norm = Normalization.of(data.train());
        test = new BatchSource(data.test(), norm, 16);
        student = Network.create("student-cnn", 1, ComputeDevice.cpu());
        teacher = Network.create("student-cnn", 2, ComputeDevice.cpu());
        ref = reference(new BatchSource(data.test(), norm, 37));
    }

    @AfterAll
    static void tearDown() {
        student.close();
        teacher.close();
    }

    private static Reference reference(BatchSource oneBatch) {
        int n = oneBatch.images().size();
        try (NoGradGuard g = new NoGradGuard()) {
            BatchSource.Batch all = oneBatch.load(IntStream.range(0, n).toArray(), false, null);
            float[] s = Tensors.toFloats(student.forward(all.images(), false));
            float[] t = Tensors.toFloats(teacher.forward(all.images(), false));
            int k = s.length / n;
            int[] labels = new int[n];
            int[] sp = new int[n];
            int[] tp = new int[n];
            double[] conf = new double[n];
            double kl = 0;
            for (int i = 0; i < n; i++) {
                labels[i] = test.images().label(i);
                double[] p = softmax(t, i * k, k);
                double[] q = softmax(s, i * k, k);
                sp[i] = argMax(q);
                tp[i] = argMax(p);
                conf[i] = q[sp[i]];
                for (int c = 0; c < k; c++) {
                    kl += p[c] * (Math.log(p[c]) - Math.log(q[c]));
                }
            }
            return new Reference(labels, sp, tp, conf, kl / n);
        }
    }

    private static double[] softmax(float[] logits, int from, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, logits[from + c]);
        }
        double sum = 0;
        double[] p = new double[k];
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(logits[from + c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void studentAgainstTeacherMatchesThePlainJavaReference() {
        ModelEvaluation e = DeepEvaluation.evaluate("student-a0", student, teacher, test, NAMES, FAST);
        int n = 37;
        assertThat(e.model()).isEqualTo("student-a0");
        assertThat(e.confusion().total()).isEqualTo(n);
        assertThat(e.confusion().classes()).isEqualTo(NAMES);
        for (int i = 0; i < n; i++) {
            assertThat(e.confusion().count(ref.labels[i], ref.studentPred[i])).isPositive();
        }
        long right = IntStream.range(0, n).filter(i -> ref.labels[i] == ref.studentPred[i]).count();
        assertThat(e.accuracy()).isCloseTo((double) right / n, within(1e-12));
        assertThat(e.accuracy()).isCloseTo(Evaluator.score(student, test).accuracy(), within(1e-12));
        long agree = IntStream.range(0, n).filter(i -> ref.teacherPred[i] == ref.studentPred[i]).count();
        assertThat(e.teacherAgreement()).isCloseTo((double) agree / n, within(1e-12));
        assertThat(e.teacherKl()).isCloseTo(ref.kl, within(1e-4 + 1e-3 * ref.kl));
        boolean[] hits = new boolean[n];
        IntStream.range(0, n).forEach(i -> hits[i] = ref.labels[i] == ref.studentPred[i]);
        assertThat(e.calibration().ece())
                .isCloseTo(Calibration.of(ref.confidence, hits, 15).ece(), within(1e-5));
        assertThat(e.footprint().parameters()).isEqualTo(student.trainableParameters());
        assertThat(e.footprint().macsPerImage()).isEqualTo(student.macsPerImage());
        assertThat(e.footprint().sizeMb()).isEqualTo(student.sizeMb());
        assertThat(e.footprint().latencyMs()).isPositive();
        assertThat(e.footprint().throughputImgPerS()).isPositive();
        assertThat(e.footprint().throughputBatch()).isEqualTo(8);
        assertThat(e.footprint().latencyRepetitions()).isEqualTo(3);
        assertThat(e.footprint().latencyLowMs()).isPositive().isLessThanOrEqualTo(e.footprint().latencyMs());
        assertThat(e.footprint().latencyHighMs()).isGreaterThanOrEqualTo(e.footprint().latencyMs());
    }

    @Test
    void theTeacherHasNoAgreementWithItself() {
        ModelEvaluation e = DeepEvaluation.evaluate("teacher", teacher, teacher, test, NAMES, FAST);
        assertThat(e.teacherAgreement()).isNull();
        assertThat(e.teacherKl()).isNull();
        assertThat(DeepEvaluation.evaluate("x", teacher, (Network) null, test, NAMES, FAST).teacherKl()).isNull();
    }

    @Test
    void aCopyOfTheTeacherAgreesFullyAtZeroDivergence(@TempDir Path tmp) throws Exception {
        Path weights = tmp.resolve("teacher.params");
        teacher.save(weights);
        try (Network copy = Network.load("student-cnn", weights, ComputeDevice.cpu())) {
            ModelEvaluation e = DeepEvaluation.evaluate("copy", copy, teacher, test, NAMES, FAST);
            assertThat(e.teacherAgreement()).isEqualTo(1.0);
            assertThat(e.teacherKl()).isCloseTo(0.0, within(1e-6));
        }
    }

    @Test
    void aThreeClassModelIsLabelledWithItsDatasetsNames() {
        int[] labels = test.images().labels().clone();
        for (int i = 0; i < labels.length; i++) {
            labels[i] %= 3;
        }
        ImageSet three = ImageSet.of(test.images().store(), labels, test.images().side(), 3);
        List<String> names = List.of("cat", "dog", "ship");
        try (Network net = Network.create("student-cnn", 5, ComputeDevice.cpu(), new InputShape(32, 3))) {
            ModelEvaluation e = DeepEvaluation.evaluate("s", net, (Network) null,
                    new BatchSource(three, Normalization.of(three), 16), names, FAST);
            assertThat(e.confusion().classes()).isEqualTo(names);
            assertThat(e.confusion().total()).isEqualTo(37);
            assertThatThrownBy(() -> DeepEvaluation.evaluate("s", net, (Network) null,
                    new BatchSource(three, Normalization.of(three), 16), NAMES, FAST))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answers 3 classes");
        }
    }

    @Test
    void evaluationBatchesFollowTheActivationsOfTheImageSize() {
        // 512 MiB of kept activations (input; per conv: output, BN and ReLU; the pooled map), and 60 MiB
        // (62,914,560 bytes) of the largest single output, by hand:
        // student-cnn at 32: 3072 + 3·32·32² + 32·16² + 3·64·16² + 64·8² = 162,816 floats → 824, capped at 500;
        // its largest output, 32·32² floats = 131,072 bytes → 480
        assertThat(Evaluator.batchSize(io.distill4j.model.ModelRegistry.spec("student-cnn", 32, 10))).isEqualTo(480);
        // at 224: 150,528 + 4,816,896 + 401,408 + 2,408,448 + 200,704 = 7,977,984 floats = 31.9 MB → 16;
        // largest 32·224² floats = 6,422,528 bytes → 9
        assertThat(Evaluator.batchSize(io.distill4j.model.ModelRegistry.spec("student-cnn", 224, 10))).isEqualTo(9);
        // alexnet-227: 154,587 + 871,200 + 69,984 + 559,872 + 43,264 + 2·194,688 + 129,792 + 9,216 = 2,227,291 → 60;
        // largest 96·55² floats = 1,161,600 bytes → 54
        assertThat(Evaluator.batchSize(io.distill4j.model.ModelRegistry.get("alexnet-227"))).isEqualTo(54);
        // the study's teacher, alexnet at 32: 356,352 floats → 376; largest 48·32² floats = 196,608 bytes → 320
        assertThat(Evaluator.batchSize(io.distill4j.model.ModelRegistry.spec("alexnet", 32, 10))).isEqualTo(320);
        try (Network paper = Network.of("student-227", io.distill4j.model.ModelRegistry.get("student-227"), 1, ComputeDevice.cpu())) {
            assertThat(Evaluator.batchSize(paper)).isLessThan(Evaluator.MAX_BATCH).isPositive();
        }
        assertThat(Evaluator.batchSize(student)).isEqualTo(480);
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        assertThat(FootprintMeter.quantile(new double[] {3, 1, 2}, 0.5)).isEqualTo(2.0);
        assertThat(FootprintMeter.quantile(new double[] {4, 1, 3, 2}, 0.5)).isEqualTo(2.5);
        // five values 1..5: positions 1 and 3 of 0..4
        assertThat(FootprintMeter.quantile(new double[] {5, 4, 3, 2, 1}, 0.25)).isEqualTo(2.0);
        assertThat(FootprintMeter.quantile(new double[] {5, 4, 3, 2, 1}, 0.75)).isEqualTo(4.0);
        // four values 1..4: position 0.75 lies between 1 and 2
        assertThat(FootprintMeter.quantile(new double[] {1, 2, 3, 4}, 0.25)).isEqualTo(1.75);
        assertThat(FootprintMeter.quantile(new double[] {7}, 0.75)).isEqualTo(7.0);
    }

    @Test
    void aLatencyWhoseMiddleHalfSpansMoreThanItsMedianIsNoisy() {
        assertThat(new Footprint(1, 1, 1, 2.0, 10, 8, 50, 5, 1.5, 2.4).noisyLatency()).isFalse();
        assertThat(new Footprint(1, 1, 1, 2.0, 10, 8, 50, 5, 0.5, 3.0).noisyLatency()).isTrue();
        assertThat(new Footprint(1, 1, 1, 2.0, 10, 8, 50, 5).noisyLatency()).isFalse();
        assertThatThrownBy(() -> new Footprint(1, 1, 1, 2.0, 10, 8, 50, 5, 2.5, 3.0))
                .hasMessageContaining("hold the median");
    }
}
