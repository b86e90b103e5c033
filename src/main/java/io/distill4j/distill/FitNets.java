package io.distill4j.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.ModelOutput;

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
    private final SequentialBlock regressor;
    private final ParameterStore parameters;

    /**
     * @param studentFeature the student's guided layer
     * @param studentShape its shape for one image {@code (C_s, H, W)}
     * @param teacherFeature the teacher's hint layer
     * @param teacherShape its shape for one image {@code (C_t, H, W)}
     * @param manager owner of the regressor's weights (the student's)
     * @param seed seed of the regressor's initialization
     */
    public FitNets(String studentFeature, Shape studentShape, String teacherFeature, Shape teacherShape,
            NDManager manager, long seed) {
        if (studentShape.dimension() != 3 || teacherShape.dimension() != 3
                || studentShape.get(1) != teacherShape.get(1) || studentShape.get(2) != teacherShape.get(2)) {
            throw new IllegalArgumentException("FitNets needs feature maps of equal height and width, got "
                    + studentShape + " and " + teacherShape);
        }
        this.studentFeature = studentFeature;
        this.teacherFeature = teacherFeature;
        this.regressor = new SequentialBlock()
                .add(Conv2d.builder().setFilters((int) teacherShape.get(0)).setKernelShape(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        ConvNetSpec.initializeLikePyTorch(regressor);
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        regressor.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(studentShape));
        this.parameters = new ParameterStore(manager, false);
    }

    @Override
    public NDArray loss(ModelOutput student, NDArray labels, ModelOutput teacher, double epoch) {
        NDArray guided = student.feature(studentFeature);
        NDArray projected = regressor.forward(parameters, new NDList(guided), true).singletonOrThrow();
        return projected.sub(teacher.feature(teacherFeature)).square().mean();
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
    public Block trainable() {
        return regressor;
    }
}
