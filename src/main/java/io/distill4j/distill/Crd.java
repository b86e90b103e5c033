package io.distill4j.distill;

import static io.distill4j.engine.Tensors.scalar;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.ModelOutput;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LinearOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Contrastive representation distillation of Tian, Krishnan and Isola, "Contrastive Representation
 * Distillation" (ICLR 2020), as RepDistiller runs it. Two linear heads map the student's and the
 * teacher's embeddings to unit vectors s_i, t_i of dimension d; two memory banks keep, for every
 * training image j, a momentum average of its past student vector S_j and teacher vector T_j. For
 * image i with K negatives j_1..j_K drawn from the images of other classes (uniformly from all
 * images when the labels are unknown):
 *
 * <pre>
 *   P(j | s_i) = exp(T_j · s_i / τ) / Z_s,   P(j | t_i) = exp(S_j · t_i / τ) / Z_t
 *   h(p) = p / (p + K/N)                      (N training images, noise distribution 1/N)
 *   L_NCE(x) = −(1/B) Σ_i [ log h(P(i | x_i)) + Σ_k log(1 − h(P(j_k | x_i))) ]
 *   L_CRD = L_NCE(s) + L_NCE(t)
 * </pre>
 *
 * Z_s and Z_t are fixed on the first batch to N times the mean of the exponentials. After each
 * step the banks move toward the batch's vectors, {@code S_i ← normalize(m·S_i + (1−m)·s_i)} (and
 * T alike). Defaults (RepDistiller's CIFAR-100 setting): d = 128, K = 16384, τ = 0.07, m = 0.5,
 * the loss added to the label loss with weight 0.8. The heads train with the student and are
 * dropped afterwards; heads, banks, normalizers and the negative sampler's step count are
 * checkpointed with the run, so a resumed run draws the same negatives.
 */
public final class Crd implements Objective {
    /** Up to this many bank rows per contrasted row, all of a bank is scored (one matrix product) rather than gathered. */
    private static final int FULL_SCORES_RATIO = 4;

    private final Module heads;
    private final LinearImpl studentHead;
    private final LinearImpl teacherHead;
    private final Tensor studentBank;
    private final Tensor teacherBank;
    private final Tensor normalizers;
    private final Tensor steps;
    private final Negatives negatives;
    private final double temperature;
    private final double momentum;
    private final long seed;
    private final ComputeDevice device;

    /**
     * @param studentDim the student embedding's width
     * @param teacherDim the teacher embedding's width
     * @param labels the class of each training image by its index, or {@code null} when unknown
     * @param images the number of training images (the banks' rows)
     * @param settings d, K, τ and m
     * @param device where heads and banks live (the student's device)
     * @param seed seed of heads, banks and negatives
     */
    public Crd(long studentDim, long teacherDim, int[] labels, int images, Settings settings, ComputeDevice device,
            long seed) {
        this.negatives = new Negatives(labels, images, settings.negatives());
        this.temperature = settings.temperature();
        this.momentum = settings.momentum();
        this.seed = seed;
        this.device = device;
        Torch.seed(seed);
        this.heads = Tensors.keep(new Module());
        this.studentHead = Tensors.keep(heads.register_module("student_head", new LinearImpl(new LinearOptions(studentDim, settings.dim()))));
        this.teacherHead = Tensors.keep(heads.register_module("teacher_head", new LinearImpl(new LinearOptions(teacherDim, settings.dim()))));
        double bound = 1 / Math.sqrt(settings.dim() / 3.0);
        for (String bank : new String[] {"student_bank", "teacher_bank"}) {
            heads.register_buffer(bank, torch.empty(images, settings.dim()).uniform_(-bound, bound, new GeneratorOptional()));
        }
        heads.register_buffer("normalizers", torch.full(new long[] {2}, scalar(-1)));
        heads.register_buffer("steps", torch.zeros(1).to(torch.ScalarType.Long));
        if (device.isGpu()) {
            heads.to(device.torch(), false);
        }
        // Own handles, taken after the move: the module replaces its tensors when moved.
        Map<String, Tensor> state = Tensors.named(heads);
        this.studentBank = Tensors.keep(state.get("student_bank"));
        this.teacherBank = Tensors.keep(state.get("teacher_bank"));
        this.normalizers = Tensors.keep(state.get("normalizers"));
        this.steps = Tensors.keep(state.get("steps"));
    }

    /**
     * CRD's settings.
     *
     * @param dim d, the heads' output width
     * @param negatives K, negatives per image
     * @param temperature τ
     * @param momentum m of the banks
     */
    public record Settings(long dim, int negatives, double temperature, double momentum) {
        /** Checks the ranges. */
        public Settings {
            if (dim < 1 || negatives < 1 || !(temperature > 0) || Double.isInfinite(temperature)
                    || !(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException("CRD needs dim ≥ 1, negatives ≥ 1, temperature > 0 and momentum in"
                        + " [0, 1], got " + dim + ", " + negatives + ", " + temperature + ", " + momentum);
            }
        }
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        throw new IllegalArgumentException("CRD needs the indices of the batch's images in the training split");
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, Tensor samples, ModelOutput teacher, double epoch) {
        if (samples == null) {
            return loss(student, labels, teacher, epoch);
        }
        heads.train(true);
        Tensor s = unit(studentHead.forward(student.feature(ConvNetSpec.EMBEDDING)));
        Tensor t = unit(teacherHead.forward(teacher.feature(ConvNetSpec.EMBEDDING)));
        long[] rows = Tensors.toLongs(samples);
        long step = steps.item_long();
        Tensor idx = device.put(negatives.draw(rows, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step)));
        boolean full = studentBank.size(0) <= (long) FULL_SCORES_RATIO * idx.size(1);
        Tensor es = scores(teacherBank, s, idx, full).div(scalar(temperature)).exp();
        Tensor et = scores(studentBank, t, idx, full).div(scalar(temperature)).exp();
        float[] z = Tensors.toFloats(normalizers);
        try (NoGradGuard g = new NoGradGuard()) {
            for (int i = 0; i < 2; i++) {
                if (z[i] < 0) {
                    z[i] = (i == 0 ? es : et).mean().item_float() * studentBank.size(0);
                    normalizers.select(0, i).fill_(scalar(z[i]));
                }
            }
            update(studentBank, samples, s);
            update(teacherBank, samples, t);
            steps.add_(new org.bytedeco.pytorch.Scalar(1L));
        }
        double noise = (double) negatives.count() / studentBank.size(0);
        return nce(es.div(scalar(z[0])), noise).add(nce(et.div(scalar(z[1])), noise));
    }

    /**
     * The scores {@code bank[idx[i, k]] · v_i}.
     *
     * @param bank {@code (N, d)}
     * @param v {@code (B, d)}
     * @param idx {@code (B, K + 1)} rows of the bank
     * @param full score every row of the bank by one product and pick (cheap while N is a few times
     *     K), else gather the rows first
     * @return {@code (B, K + 1)}
     */
    static Tensor scores(Tensor bank, Tensor v, Tensor idx, boolean full) {
        if (full) {
            // A copy: the bank changes in place after this step's forward, before its backward.
            return v.mm(bank.clone().t()).gather(1, idx);
        }
        long b = idx.size(0);
        long k = idx.size(1);
        return bank.index_select(0, idx.view(-1)).view(b, k, bank.size(1)).bmm(v.unsqueeze(2)).squeeze(2);
    }

    /**
     * The NCE loss of one view.
     *
     * @param p {@code (B, K + 1)} normalized probabilities, the positive first
     * @param noise K/N, the negatives times the noise probability
     * @return the scalar loss
     */
    static Tensor nce(Tensor p, double noise) {
        double eps = 1e-7;
        long k = p.size(1) - 1;
        Tensor pos = p.narrow(1, 0, 1);
        Tensor neg = p.narrow(1, 1, k);
        Tensor logPos = pos.div(pos.add(scalar(noise + eps))).log();
        Tensor logNeg = neg.add(scalar(noise + eps)).reciprocal().mul(scalar(noise)).log();
        return logPos.sum().add(logNeg.sum()).div(scalar(p.size(0))).neg();
    }

    private static Tensor unit(Tensor x) {
        return x.div(torch.linalg_vector_norm(x, scalar(2), new long[] {1}, true, new ScalarTypeOptional()));
    }

    private void update(Tensor bank, Tensor samples, Tensor v) {
        Tensor moved = bank.index_select(0, samples).mul(scalar(momentum)).add(v.detach().mul(scalar(1 - momentum)));
        bank.index_copy_(0, samples, unit(moved));
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }

    @Override
    public java.util.Set<String> studentFeatures() {
        return java.util.Set.of(ConvNetSpec.EMBEDDING);
    }

    @Override
    public java.util.Set<String> teacherFeatures() {
        return java.util.Set.of(ConvNetSpec.EMBEDDING);
    }

    @Override
    public boolean keepsImageState() {
        return true;
    }

    @Override
    public Module trainable() {
        return heads;
    }
}
