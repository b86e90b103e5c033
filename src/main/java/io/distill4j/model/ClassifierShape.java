package io.distill4j.model;

import io.distill4j.engine.Dims;
import java.util.Map;

/**
 * What a distillation method needs to know of a model to pair its features with another's: its
 * name, its input and class count, and its named features. A live {@link Classifier} is one; so is
 * the description of the teacher behind a stored set of teacher outputs, which needs no weights.
 */
public interface ClassifierShape {
    /** @return a name for reports: the registered model name, or {@code torchscript:FILE} */
    String architecture();

    /** @return the dataset's image side the classifier is given and its class count */
    InputShape inputShape();

    /**
     * @return every named feature with its shape for one image ({@code (C, H, W)} for convolution
     *     features, {@code (D)} for vectors such as {@link ConvNetSpec#EMBEDDING}), in forward order
     */
    Map<String, Dims> featureShapes();
}
