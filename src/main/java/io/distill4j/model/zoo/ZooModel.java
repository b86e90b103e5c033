package io.distill4j.model.zoo;

import io.distill4j.BadInputException;
import io.distill4j.model.Architecture;
import io.distill4j.model.EvaluationBatch;
import io.distill4j.model.InputShape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model of the zoo ({@link Zoo}) for one image side and class count. Its layers follow the image
 * side: every stage ends in global average pooling, so any side its poolings leave at least 1×1
 * works, and 32×32 gives RepDistiller's network exactly.
 *
 * @param name the zoo name, e.g. {@code resnet8x4}
 * @param inputSide height and width of the input
 * @param classes number of output classes
 */
public record ZooModel(String name, int inputSide, int classes) implements Architecture {
    private static final Map<ZooModel, Integer> BATCHES = new ConcurrentHashMap<>();

    /** Checks the name, the side and the class count. */
    public ZooModel {
        Zoo.entry(name);
        new InputShape(inputSide, classes);
    }

    @Override
    public ZooModel withInput(int side, int classes) {
        return new ZooModel(name, side, classes);
    }

    @Override
    public ZooModel requireFits(String model) {
        int smallest = Zoo.entry(name).smallestSide();
        if (inputSide < smallest) {
            throw new BadInputException("model '" + model + "' cannot take " + inputSide + "×" + inputSide
                    + " images: its poolings shrink them below 1×1; use --image-size " + smallest + " or more");
        }
        return this;
    }

    @Override
    public Built build() {
        return Zoo.entry(name).blueprint().build(inputSide, classes);
    }

    /**
     * As many images as fit {@link EvaluationBatch#MAX_BATCH_BYTES} of every layer's output of a
     * forward pass ({@link EvaluationBatch#measured}), measured once per model, side and class count.
     */
    @Override
    public int evaluationBatch() {
        return BATCHES.computeIfAbsent(this, m -> EvaluationBatch.measured(name, m));
    }
}
