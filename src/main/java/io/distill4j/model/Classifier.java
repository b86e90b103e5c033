package io.distill4j.model;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Precision;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;

/**
 * An image classifier as training, distillation and evaluation see it: a normalized batch in
 * (the dataset's side and normalization), logits and named intermediate features out. A
 * distill4j {@link Network} is one; a teacher exported from PyTorch ({@link TorchScriptTeacher}) is
 * another. Methods that read features find them by name, and convolution features by their
 * {@code (C, H, W)} shape, in forward order ({@link #featureShapes()}).
 */
public interface Classifier extends ClassifierShape, AutoCloseable {
    /** @return the side its first layer takes; images of another side are resized to it first */
    int layerSide();

    /** @return where its weights live */
    ComputeDevice device();

    /** @return the arithmetic of its forward passes ({@link Precision#FP32} unless {@link #computeIn} said otherwise) */
    Precision precision();

    /**
     * Sets the arithmetic of its forward passes from now on; its outputs stay float32 either way.
     *
     * @param precision fp32, or bf16 autocast
     */
    void computeIn(Precision precision);

    /**
     * @param images a batch {@code (N, 3, side, side)}, normalized with the dataset's statistics
     * @param training true for a training forward pass (batch statistics, dropout)
     * @param features names of the features to keep (see {@link #featureShapes()})
     * @return the logits and the requested features
     * @throws IllegalArgumentException if a feature is unknown
     */
    ModelOutput forward(Tensor images, boolean training, Set<String> features);

    /**
     * @param images a batch {@code (N, 3, side, side)}, normalized with the dataset's statistics
     * @param training true for a training forward pass
     * @return the logits {@code (N, classes)}
     */
    default Tensor forward(Tensor images, boolean training) {
        return forward(images, training, Set.of()).logits();
    }

    /** @return the number of trainable parameters (batch-norm running statistics excluded) */
    long trainableParameters();

    /** @return the size of its float32 weights in MB (10^6 bytes) */
    double sizeMb();

    /** @return multiply-accumulates per image of one forward pass; 0 where they are not known */
    long macsPerImage();

    /** @return images per evaluation batch, sized so that a forward pass's activations stay bounded */
    int evaluationBatch();

    /**
     * @param teacher the teacher
     * @param student a student to distil from it
     * @throws io.distill4j.BadInputException if their class counts differ, naming both
     */
    static void requireSameClasses(Classifier teacher, Classifier student) {
        int t = teacher.inputShape().classes();
        int s = student.inputShape().classes();
        if (t != s) {
            throw new io.distill4j.BadInputException("teacher " + teacher.architecture() + " answers " + t
                    + " classes but student " + student.architecture() + " answers " + s
                    + ": give a teacher trained on the student's dataset");
        }
    }

    @Override
    void close();
}
