package io.distill4j.api;

import io.distill4j.model.NetLayer;
import io.distill4j.model.OwnModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A student of your own: a module of the engine's own type (JavaCPP's PyTorch {@link Module}) on
 * which every weight is registered, and its forward pass written as stages. Each stage but the
 * last names its output as a feature; name the penultimate one (an {@code (N, D)} tensor)
 * {@code embedding} for the methods that compare embeddings (rkd, crd, reviewkd), and feature maps
 * {@code (N, C, H, W)} for those that compare them (fitnets, at, sp, reviewkd). A student with
 * logits only ({@link #logitsOnly}) learns by the logit methods: ce, kd, dkd, dist and their
 * {@code +ls} forms; any other method is refused before training, naming them.
 *
 * <p>The module trains in place, as you initialized it; {@link Students#distill(TrainedModel,
 * Splits, StudentModule, DistillOptions, TrainingObserver...)} returns the model that then owns it
 * (closing the model frees it). It trains on one device.
 * Its stages run in training mode while it trains and in inference mode when it is evaluated
 * ({@code Module.is_training()}), so dropout and batch norm modules behave as in PyTorch.
 */
public final class StudentModule {
    private final OwnModel model;

    private StudentModule(OwnModel model) {
        this.model = model;
    }

    /**
     * @param name the student's name in results and messages
     * @param root the module holding every parameter and buffer of the stages
     * @param inputSide the side of the square RGB images it takes (the data's image side)
     * @param classes the number of classes its logits score (the data's)
     * @return a builder taking its stages in forward order
     */
    public static Builder builder(String name, Module root, int inputSide, int classes) {
        return new Builder(name, root, inputSide, classes);
    }

    /**
     * @param name the student's name
     * @param root the module holding every parameter and buffer
     * @param inputSide the side of the images it takes
     * @param classes the number of classes
     * @param forward images {@code (N, 3, side, side)} to logits {@code (N, classes)}
     * @return a student without named features
     */
    public static StudentModule logitsOnly(String name, Module root, int inputSide, int classes,
            UnaryOperator<Tensor> forward) {
        return builder(name, root, inputSide, classes).logits(forward);
    }

    /** @return the student's name */
    public String name() {
        return model.name();
    }

    /** @return its named features, in forward order */
    public List<String> features() {
        return model.stages().stream().map(NetLayer.Stage::name).filter(n -> !n.equals(OwnModel.LOGITS)).toList();
    }

    OwnModel model() {
        return model;
    }

    /** Collects a student's stages in forward order. */
    public static final class Builder {
        private final String name;
        private final Module root;
        private final int inputSide;
        private final int classes;
        private final List<NetLayer.Stage> stages = new ArrayList<>();

        private Builder(String name, Module root, int inputSide, int classes) {
            this.name = name;
            this.root = root;
            this.inputSide = inputSide;
            this.classes = classes;
        }

        /**
         * @param feature the name of this stage's output, e.g. {@code block1} or {@code embedding}
         * @param stage the previous stage's output (the images first) to this one's
         * @return this builder
         */
        public Builder feature(String feature, UnaryOperator<Tensor> stage) {
            stages.add(new NetLayer.Stage(feature, stage));
            return this;
        }

        /**
         * @param stage the previous stage's output to the logits {@code (N, classes)}
         * @return the student
         * @throws InvalidInputException if a feature is named twice or the sizes are invalid
         */
        public StudentModule logits(UnaryOperator<Tensor> stage) {
            stages.add(new NetLayer.Stage(OwnModel.LOGITS, stage));
            return new StudentModule(new OwnModel(name, root, stages, inputSide, classes));
        }
    }
}
