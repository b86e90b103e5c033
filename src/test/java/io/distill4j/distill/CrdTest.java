package io.distill4j.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.TensorIO;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CRD: the NCE loss by hand, the whole loss against its formula worked apart, the sampler, resume. */
class CrdTest {
    @BeforeAll
    static void start() {
        Torch.start();
    }

    /**
     * One image, K = 2, noise K/N = ½: positive 0.5 gives log(0.5 / 1.0), negatives 0.1 and 0.2
     * give log(0.5 / 0.6) and log(0.5 / 0.7); the loss is minus their sum:
     * 0.6931472 + 0.1823216 + 0.3364722 = 1.2119410 (the 1e-7 of RepDistiller's ε aside).
     */
    @Test
    void nceLossByHand() {
        Tensor p = Tensors.floats(new float[] {0.5f, 0.1f, 0.2f}, 1, 3);
        assertThat(Crd.nce(p, 0.5).item_float()).isCloseTo(1.2119410f, within(1e-5f));
        // two images: the mean over the batch, so the same row twice gives the same loss
        Tensor twice = Tensors.floats(new float[] {0.5f, 0.1f, 0.2f, 0.5f, 0.1f, 0.2f}, 2, 3);
        assertThat(Crd.nce(twice, 0.5).item_float()).isCloseTo(1.2119410f, within(1e-5f));
    }

    @Test
    void scoringTheWholeBankEqualsGatheringItsRows() {
        Torch.seed(4);
        Tensor bank = torch.randn(50, 8);
        Tensor v = torch.randn(3, 8);
        Tensor idx = Tensors.longs(new long[] {0, 7, 7, 49, 1, 2, 3, 4, 48, 0, 0, 5}, 3, 4);
        float[] full = Tensors.toFloats(Crd.scores(bank, v, idx, true));
        float[] gathered = Tensors.toFloats(Crd.scores(bank, v, idx, false));
        float[] b = Tensors.toFloats(bank);
        float[] x = Tensors.toFloats(v);
        long[] rows = Tensors.toLongs(idx);
        for (int i = 0; i < rows.length; i++) {
            double dot = 0;
            for (int j = 0; j < 8; j++) {
                dot += b[(int) rows[i] * 8 + j] * x[i / 4 * 8 + j];
            }
            assertThat((double) full[i]).isCloseTo(dot, within(1e-5));
            assertThat((double) gathered[i]).isCloseTo(dot, within(1e-5));
        }
    }

    @Test
    void negativesComeFromOtherClassesOrFromAllImagesWithoutLabels() {
        int[] labels = {0, 1, 1, 2, 0, 2, 2};
        Negatives n = new Negatives(labels, labels.length, 400);
        long[] idx = Tensors.toLongs(n.draw(new long[] {1, 6}, new SplittableRandom(9)));
        assertThat(idx[0]).isEqualTo(1);
        assertThat(idx[401]).isEqualTo(6);
        Set<Long> ofOne = new HashSet<>();
        Set<Long> ofSix = new HashSet<>();
        for (int k = 1; k <= 400; k++) {
            ofOne.add(idx[k]);
            ofSix.add(idx[401 + k]);
        }
        assertThat(ofOne).containsExactlyInAnyOrder(0L, 3L, 4L, 5L, 6L);
        assertThat(ofSix).containsExactlyInAnyOrder(0L, 1L, 2L, 4L);
        assertThat(Tensors.toLongs(n.draw(new long[] {1, 6}, new SplittableRandom(9)))).isEqualTo(idx);
        long[] unlabelled = Tensors.toLongs(new Negatives(null, 7, 400).draw(new long[] {1}, new SplittableRandom(9)));
        Set<Long> any = new HashSet<>();
        for (int k = 1; k <= 400; k++) {
            any.add(unlabelled[k]);
        }
        assertThat(any).hasSize(7);
        assertThatThrownBy(() -> new Negatives(new int[] {0, 1}, 3, 5)).hasMessageContaining("one label per image");
    }

    /**
     * Two images of two classes, K = 3: each image's negatives are the other image three times, so
     * the loss follows from the heads and banks without the sampler. Worked apart in double
     * precision: unit vectors, exponentials, Z = N · their mean, the NCE of both views, and the
     * banks' momentum step; a second step keeps Z.
     */
    @Test
    void lossFollowsTheFormulaAndTheBanksMove() {
        Crd crd = new Crd(3, 4, new int[] {0, 1}, 2, new Crd.Settings(2, 3, 0.5, 0.5), ComputeDevice.cpu(), 11);
        Map<String, Tensor> state = Tensors.named(crd.trainable());
        double[][] ws = matrix(state.get("student_head.weight"), 3);
        double[] bs = vector(state.get("student_head.bias"));
        double[][] wt = matrix(state.get("teacher_head.weight"), 4);
        double[] bt = vector(state.get("teacher_head.bias"));
        double[][] studentBank = matrix(state.get("student_bank"), 2);
        double[][] teacherBank = matrix(state.get("teacher_bank"), 2);
        double[][] xs = {{1, -2, 0.5}, {0.3, 0.7, -1}};
        double[][] xt = {{2, 0, -1, 0.5}, {-0.5, 1, 1, 0}};
        ModelOutput student = embedding(xs);
        ModelOutput teacher = embedding(xt);
        Tensor samples = Tensors.longs(new long[] {0, 1}, 2);
        float loss = crd.loss(student, null, samples, teacher, 0).item_float();

        int[][] idx = {{0, 1, 1, 1}, {1, 0, 0, 0}};
        double[][] s = {unit(affine(ws, bs, xs[0])), unit(affine(ws, bs, xs[1]))};
        double[][] t = {unit(affine(wt, bt, xt[0])), unit(affine(wt, bt, xt[1]))};
        double[][] es = exps(teacherBank, s, idx, 0.5);
        double[][] et = exps(studentBank, t, idx, 0.5);
        double zs = 2 * mean(es);
        double zt = 2 * mean(et);
        double expected = nce(es, zs, 1.5) + nce(et, zt, 1.5);
        assertThat((double) loss).isCloseTo(expected, within(1e-5 * Math.abs(expected)));
        float[] z = Tensors.toFloats(state.get("normalizers"));
        assertThat((double) z[0]).isCloseTo(zs, within(1e-5 * zs));
        assertThat((double) z[1]).isCloseTo(zt, within(1e-5 * zt));
        double[][] movedStudent = matrix(state.get("student_bank"), 2);
        for (int i = 0; i < 2; i++) {
            double[] want = unit(new double[] {0.5 * studentBank[i][0] + 0.5 * s[i][0], 0.5 * studentBank[i][1] + 0.5 * s[i][1]});
            assertThat(movedStudent[i][0]).isCloseTo(want[0], within(1e-6));
            assertThat(movedStudent[i][1]).isCloseTo(want[1], within(1e-6));
        }
        crd.loss(student, null, samples, teacher, 0.5);
        assertThat(Tensors.toFloats(state.get("normalizers"))).isEqualTo(z);
        assertThat(Tensors.toLongs(state.get("steps"))).containsExactly(2);
        assertThatThrownBy(() -> crd.loss(student, null, teacher, 0)).hasMessageContaining("indices of the batch's images");
    }

    /** Heads, banks, normalizers and the step count come back from a checkpoint: the next step is identical. */
    @Test
    void aRestoredCrdTakesTheSameNextStep() throws IOException {
        int[] labels = new int[40];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 4;
        }
        Crd.Settings settings = new Crd.Settings(8, 30, 0.07, 0.5);
        Crd first = new Crd(6, 5, labels, 40, settings, ComputeDevice.cpu(), 3);
        Torch.seed(8);
        ModelOutput s = new ModelOutput(null, Map.of("embedding", torch.randn(4, 6)));
        ModelOutput t = new ModelOutput(null, Map.of("embedding", torch.randn(4, 5)));
        first.loss(s, null, Tensors.longs(new long[] {3, 17, 22, 39}, 4), t, 0);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(saved)) {
            TensorIO.writeModule(out, first.trainable());
        }
        Crd restored = new Crd(6, 5, labels, 40, settings, ComputeDevice.cpu(), 3);
        Crd fresh = new Crd(6, 5, labels, 40, settings, ComputeDevice.cpu(), 3);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved.toByteArray()))) {
            TensorIO.readModule(in, restored.trainable(), "crd");
        }
        Tensor next = Tensors.longs(new long[] {0, 5, 8, 31}, 4);
        float a = first.loss(s, null, next, t, 0.1).item_float();
        float b = restored.loss(s, null, next, t, 0.1).item_float();
        float c = fresh.loss(s, null, next, t, 0.1).item_float();
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void methodSettingsAreCheckedAndCrdComposesWithKd() {
        InputShape shape = new InputShape(32, 10);
        try (Network teacher = Network.create("resnet20", 1, ComputeDevice.cpu(), shape);
                Network student = Network.create("resnet8", 2, ComputeDevice.cpu(), shape)) {
            Methods.Context ctx = new Methods.Context(student, teacher, 4, 5, 100, null);
            Objective crd = Methods.create("crd+kd", Map.of("crd.negatives", 50.0), ctx);
            assertThat(crd.studentFeatures()).containsExactly("embedding");
            assertThat(crd.teacherFeatures()).containsExactly("embedding");
            assertThat(Tensors.named(crd.trainable()).get("student_bank").shape()).containsExactly(100, 128);
            assertThatThrownBy(() -> Methods.create("crd", Map.of("crd.negatives", 1.5), ctx))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("crd.negatives=1.5 must be a whole number");
            assertThatThrownBy(() -> Methods.create("crd", Map.of("crd.temperature", 0.0), ctx))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("temperature > 0");
        }
    }

    private static ModelOutput embedding(double[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[0].length; j++) {
                flat[i * rows[0].length + j] = (float) rows[i][j];
            }
        }
        return new ModelOutput(null, Map.of("embedding", Tensors.floats(flat, rows.length, rows[0].length)));
    }

    private static double[][] matrix(Tensor t, int columns) {
        float[] f = Tensors.toFloats(t);
        double[][] m = new double[f.length / columns][columns];
        for (int i = 0; i < f.length; i++) {
            m[i / columns][i % columns] = f[i];
        }
        return m;
    }

    private static double[] vector(Tensor t) {
        return matrix(t, (int) t.numel())[0];
    }

    private static double[] affine(double[][] w, double[] b, double[] x) {
        double[] y = b.clone();
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += w[i][j] * x[j];
            }
        }
        return y;
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1]);
        return new double[] {v[0] / n, v[1] / n};
    }

    private static double[][] exps(double[][] bank, double[][] v, int[][] idx, double tau) {
        double[][] e = new double[idx.length][idx[0].length];
        for (int i = 0; i < idx.length; i++) {
            for (int k = 0; k < idx[0].length; k++) {
                double[] r = bank[idx[i][k]];
                e[i][k] = Math.exp((r[0] * v[i][0] + r[1] * v[i][1]) / tau);
            }
        }
        return e;
    }

    private static double mean(double[][] e) {
        double sum = 0;
        for (double[] row : e) {
            for (double x : row) {
                sum += x;
            }
        }
        return sum / (e.length * e[0].length);
    }

    private static double nce(double[][] e, double z, double noise) {
        double sum = 0;
        for (double[] row : e) {
            sum += Math.log(row[0] / z / (row[0] / z + noise + 1e-7));
            for (int k = 1; k < row.length; k++) {
                sum += Math.log(noise / (row[k] / z + noise + 1e-7));
            }
        }
        return -sum / e.length;
    }
}
