package io.distill4j.model;

import io.distill4j.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;

/**
 * A model its user wrote with the engine's own modules: a root {@link Module} on which every
 * weight is registered, and its forward pass as stages, each a function whose output is a named
 * feature, the last giving the logits. Built once, into one {@link Network}, which then owns the
 * module; its weights are the user's initialization (no seed applies).
 *
 * @param name the model's name in results and messages
 * @param root the module holding every parameter and buffer
 * @param stages the forward pass in order; every stage but the last names a feature
 * @param inputSide the side of the square RGB images it takes
 * @param classes the number of classes its logits score
 */
public record OwnModel(String name, Module root, List<NetLayer.Stage> stages, int inputSide, int classes)
        implements Architecture {
    /** The name of the last stage, which gives the logits. */
    public static final String LOGITS = "logits";

    /** Checks the stages. */
    public OwnModel {
        stages = List.copyOf(stages);
        if (stages.isEmpty() || !stages.get(stages.size() - 1).name().equals(LOGITS)) {
            throw new BadInputException("model " + name + " needs a last stage giving its logits");
        }
        if (stages.stream().map(NetLayer.Stage::name).distinct().count() != stages.size()) {
            throw new BadInputException("model " + name + " names a feature twice: " + stages.stream().map(NetLayer.Stage::name).toList());
        }
        if (inputSide < 1 || classes < 2) {
            throw new BadInputException("model " + name + " needs an input side ≥ 1 and ≥ 2 classes, got " + inputSide
                    + " and " + classes);
        }
    }

    @Override
    public Architecture withInput(int side, int classCount) {
        if (side != inputSide || classCount != classes) {
            throw new BadInputException("model " + name + " takes " + inputSide + "×" + inputSide + " images of " + classes
                    + " classes, but the data has " + side + "×" + side + " images of " + classCount
                    + " classes: build it for the data (or resize the data with its image size option)");
        }
        return this;
    }

    @Override
    public Architecture requireFits(String modelName) {
        return this;
    }

    @Override
    public Built build() {
        Map<String, Integer> features = new LinkedHashMap<>();
        for (int i = 0; i < stages.size() - 1; i++) {
            features.put(stages.get(i).name(), i);
        }
        return new Built(root, new ArrayList<>(stages), features, List.of());
    }

    @Override
    public int evaluationBatch() {
        return EvaluationBatch.ofUnknownLayers(inputSide);
    }
}
