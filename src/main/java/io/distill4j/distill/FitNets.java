package io.distill4j.distill;

import static org.bytedeco.pytorch.global.torch.mse_loss;
import static org.bytedeco.pytorch.global.torch.relu;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.ModelOutput;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Hint learning of Romero, Ballas, Kahou, Chassang, Gatta and Bengio, "FitNets: Hints for Thin Deep
 * Nets" (ICLR 2015): a trainable regressor r maps the student's guided layer onto the teacher's
 * hint layer, and
 *
 * <pre>
 *   L_hint = mean( (r(A_s) − A_t)² )
 * </pre>
 *
 * Here r is a 1×1 convolution with batch norm and ReLU (the hint layers are post-ReLU), trained
 * with the student and dropped afterwards; both layers must have the same height and width. The
 * paper trains the hint in a first stage; like the common single-stage reimplementations, this
 * adds it to the label loss throughout.
 */
public final class FitNets implements FeatureObjective {
    private final String studentFeature;
    private final String teacherFeature;
    private final Module regressor;
    private final Conv2dImpl conv;
    private final BatchNorm2dImpl norm;

    /**
     * @param studentFeature the student's guided layer
     * @param studentShape its shape for one image {@code (C_s, H, W)}
     * @param teacherFeature the teacher's hint layer
     * @param teacherShape its shape for one image {@code (C_t, H, W)}
     * @param device where the regressor's weights live (the student's device)
     * @param seed seed of the regressor's initialization
     */
    public FitNets(String studentFeature, Dims studentShape, String teacherFeature, Dims teacherShape,
            ComputeDevice device, long seed) {
        if (studentShape.dimension() != 3 || teacherShape.dimension() != 3
                || studentShape.get(1) != teacherShape.get(1) || studentShape.get(2) != teacherShape.get(2)) {
            throw new IllegalArgumentException("FitNets needs feature maps of equal height and width, got "
                    + studentShape + " and " + teacherShape);
        }
        this.studentFeature = studentFeature;
        this.teacherFeature = teacherFeature;
        Torch.seed(seed);
        this.regressor = Tensors.keep(new Module());
        this.conv = Tensors.keep(regressor.register_module("conv", new Conv2dImpl(
                new Conv2dOptions(studentShape.get(0), teacherShape.get(0), new LongPointer(1L, 1L)))));
        this.norm = Tensors.keep(regressor.register_module("bn", new BatchNorm2dImpl(new BatchNormOptions(teacherShape.get(0)))));
        ConvNetSpec.zeroBiases(regressor);
        if (device.isGpu()) {
            regressor.to(device.torch(), false);
        }
    }

    @Override
    public Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        regressor.train(true);
        Tensor projected = relu(norm.forward(conv.forward(student.feature(studentFeature))));
        return mse_loss(projected, teacher.feature(teacherFeature));
    }

    @Override
    public String studentFeature() {
        return studentFeature;
    }

    @Override
    public String teacherFeature() {
        return teacherFeature;
    }

    @Override
    public Module trainable() {
        return regressor;
    }
}
