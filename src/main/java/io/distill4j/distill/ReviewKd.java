package io.distill4j.distill;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.conv2d;
import static org.bytedeco.pytorch.global.torch.mse_loss;
import static org.bytedeco.pytorch.global.torch.sigmoid;
import static org.bytedeco.pytorch.global.torch.upsample_nearest2d;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.ModelOutput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;

/**
 * Knowledge review of Chen, Liu, Zhao and Jia, "Distilling Knowledge via Knowledge Review" (CVPR
 * 2021), as mdistiller runs it on CIFAR. The student's stage outputs and pooled embedding, deepest
 * first, pass through attention-based fusion (ABF) modules: each maps its level to a common width
 * (1×1 conv + BN), fuses it with the deeper level's fused map resized to its side (nearest) by two
 * attention weights (1×1 conv over both, sigmoid), and projects the result onto the teacher's level
 * (3×3 conv + BN). Each projection is compared with the teacher's level (pre-activation where the
 * model names one) by the hierarchical context loss
 *
 * <pre>
 *   HCL(F_s, F_t) = [ MSE(F_s, F_t) + Σ_{l ∈ {4, 2, 1}, l &lt; h} 2^{−k(l)}·MSE(pool_l(F_s), pool_l(F_t)) ] / (1 + Σ 2^{−k(l)})
 * </pre>
 *
 * where pool_l is adaptive average pooling to l×l and k counts the levels used so far (½, ¼, ⅛);
 * the loss is the sum over levels, weighted by {@code weight · min(epoch / warmup, 1)}. The ABF
 * modules train with the student and are dropped afterwards.
 */
public final class ReviewKd implements Objective {
    /** The pyramid sides of the hierarchical context loss. */
    private static final int[] LEVELS = {4, 2, 1};
    /** mdistiller's cap on the fusion width. */
    private static final long MAX_MID = 512;

    private final List<String> studentLevels;
    private final List<String> teacherLevels;
    private final List<Dims> studentShapes;
    private final List<Dims> teacherShapes;
    private final double weight;
    private final double warmupEpochs;
    private final Module fusion;
    private final List<Abf> abfs = new ArrayList<>();

    /** One attention-based fusion module. */
    private record Abf(Conv2dImpl reduce, BatchNorm2dImpl reduceNorm, Conv2dImpl project, BatchNorm2dImpl projectNorm,
            Conv2dImpl attention) {}

    /**
     * @param studentLevels the student's features, shallow to deep, the embedding last
     * @param studentShapes their shapes for one image ({@code (C, H, W)}, or {@code (D)} for the embedding)
     * @param teacherLevels the teacher's features they are compared with, in the same order
     * @param teacherShapes their shapes
     * @param weight the loss weight
     * @param warmupEpochs epochs over which the weight rises linearly from 0
     * @param device where the fusion modules live (the student's device)
     * @param seed seed of their initialization
     */
    public ReviewKd(List<String> studentLevels, List<Dims> studentShapes, List<String> teacherLevels,
            List<Dims> teacherShapes, double weight, double warmupEpochs, ComputeDevice device, long seed) {
        if (studentLevels.size() != teacherLevels.size() || studentLevels.size() < 2) {
            throw new IllegalArgumentException("ReviewKD pairs at least two student levels with as many teacher levels");
        }
        this.studentLevels = List.copyOf(studentLevels);
        this.teacherLevels = List.copyOf(teacherLevels);
        this.studentShapes = List.copyOf(studentShapes);
        this.teacherShapes = List.copyOf(teacherShapes);
        this.weight = weight;
        this.warmupEpochs = warmupEpochs;
        Torch.seed(seed);
        this.fusion = Tensors.keep(new Module());
        long mid = Math.min(MAX_MID, studentShapes.get(studentShapes.size() - 1).get(0));
        for (int i = 0; i < studentLevels.size(); i++) {
            boolean fuse = i < studentLevels.size() - 1;
            String p = "abf" + i + "_";
            abfs.add(new Abf(
                    conv(p + "reduce", studentShapes.get(i).get(0), mid, 1, false),
                    norm(p + "reduce_bn", mid),
                    conv(p + "project", mid, teacherShapes.get(i).get(0), 3, false),
                    norm(p + "project_bn", teacherShapes.get(i).get(0)),
                    fuse ? conv(p + "attention", 2 * mid, 2, 1, true) : null));
        }
        ConvNetSpec.zeroBiases(fusion);
        if (device.isGpu()) {
            fusion.to(device.torch(), false);
        }
    }

    /** A convolution; the two main ones start uniform in ±√(3 / fan_in), as kaiming_uniform_(a=1). */
    private Conv2dImpl conv(String name, long in, long out, int kernel, boolean bias) {
        Conv2dOptions o = new Conv2dOptions(in, out, new LongPointer(kernel, kernel));
        o.padding().put(new LongPointer(kernel / 2, kernel / 2));
        o.bias().put(bias);
        Conv2dImpl c = Tensors.keep(fusion.register_module(name, new Conv2dImpl(o)));
        if (!bias) {
            double bound = Math.sqrt(3.0 / (in * kernel * kernel));
            try (NoGradGuard g = new NoGradGuard()) {
                c.weight().uniform_(-bound, bound, new org.bytedeco.pytorch.GeneratorOptional());
            }
        }
        return c;
    }

    private BatchNorm2dImpl norm(String name, long channels) {
        return Tensors.keep(fusion.register_module(name, new BatchNorm2dImpl(new BatchNormOptions(channels))));
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        fusion.train(true);
        List<Tensor> targets = teacherLevels.stream().map(t -> map(teacher.feature(t))).toList();
        List<Tensor> projected = new ArrayList<>();
        Tensor residual = null;
        for (int i = studentLevels.size() - 1; i >= 0; i--) {
            Abf abf = abfs.get(i);
            Tensor x = abf.reduceNorm().forward(abf.reduce().forward(map(student.feature(studentLevels.get(i)))));
            if (residual != null) {
                Tensor y = resize(residual, x.size(2));
                Tensor z = sigmoid(attention(abf.attention(), x, y));
                x = x.mul(z.narrow(1, 0, 1)).add(y.mul(z.narrow(1, 1, 1)));
            }
            x = resize(x, targets.get(i).size(2));
            residual = x;
            projected.add(0, abf.projectNorm().forward(abf.project().forward(x)));
        }
        return hcl(projected, targets).mul(Tensors.scalar(weight * Objective.warmUp(epoch, warmupEpochs)));
    }

    /**
     * The attention logits over both maps: the 1×1 convolution of their channel concatenation,
     * computed as the sum of its two halves applied to each map, so that the concatenated map (twice
     * a level's size) is never allocated.
     */
    static Tensor attention(Conv2dImpl conv, Tensor x, Tensor y) {
        long mid = x.size(1);
        Tensor w = conv.weight();
        return conv2d(x, w.narrow(1, 0, mid), new TensorOptional(conv.bias()), new long[] {1, 1}, new long[] {0, 0},
                new long[] {1, 1}, 1).add(conv2d(y, w.narrow(1, mid, mid)));
    }

    /** A {@code (N, D)} embedding as a {@code (N, D, 1, 1)} map; maps as they are. */
    private static Tensor map(Tensor f) {
        return f.dim() == 2 ? f.unsqueeze(-1).unsqueeze(-1) : f;
    }

    private static Tensor resize(Tensor x, long side) {
        return x.size(2) == side ? x : upsample_nearest2d(x, new long[] {side, side},
                new org.bytedeco.pytorch.DoubleOptional(), new org.bytedeco.pytorch.DoubleOptional());
    }

    /**
     * The hierarchical context loss, summed over levels.
     *
     * @param student the student's projected levels {@code (N, C, H, W)}
     * @param teacher the teacher's levels, of the same shapes
     * @return the scalar loss
     */
    public static Tensor hcl(List<Tensor> student, List<Tensor> teacher) {
        Tensor all = null;
        for (int i = 0; i < student.size(); i++) {
            Tensor fs = student.get(i);
            Tensor ft = teacher.get(i);
            long h = fs.size(2);
            Tensor loss = mse_loss(fs, ft);
            double share = 1;
            double total = 1;
            for (int l : LEVELS) {
                if (l >= h) {
                    continue;
                }
                share /= 2;
                loss = loss.add(mse_loss(adaptive_avg_pool2d(fs, l, l), adaptive_avg_pool2d(ft, l, l))
                        .mul(Tensors.scalar(share)));
                total += share;
            }
            loss = loss.div(Tensors.scalar(total));
            all = all == null ? loss : all.add(loss);
        }
        return all;
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }

    @Override
    public Set<String> studentFeatures() {
        return new LinkedHashSet<>(studentLevels);
    }

    @Override
    public Set<String> teacherFeatures() {
        return new LinkedHashSet<>(teacherLevels);
    }

    @Override
    public Module trainable() {
        return fusion;
    }
}
