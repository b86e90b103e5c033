package io.distill4j.model;

import io.distill4j.BadInputException;
import io.distill4j.model.ConvNetSpec.Conv;
import io.distill4j.model.zoo.Zoo;
import io.distill4j.model.zoo.ZooModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The closed set of model names the CLI and configs accept. An unknown name is rejected with the
 * list of valid ones. {@code alexnet} and {@code student-cnn} follow the data: their convolution
 * stack stays, their classifier takes the width the stack leaves at the dataset's image size and
 * answers its class count ({@link #spec(String, int, int)}). The notebook's {@code alexnet-227}
 * and {@code student-227} are made for 227×227 input; they also take CIFAR's 32×32 images, which
 * they resize to 227×227 in their forward pass as the notebook did, and nothing else. The {@link Zoo}'s
 * models (the field's CIFAR benchmark: ResNets, WRNs, VGGs, MobileNetV2, ShuffleNets) follow the
 * image size too.
 */
public final class ModelRegistry {
    /**
     * AlexNet's topology for 32×32 input: five 3×3 convolutions (48-96-192-192-192) with batch
     * norm and ReLU, max-pooling after the 1st, 2nd and 5th, and three linear layers
     * (1024-1024-10) with dropout 0.5. Widths chosen by measurement on 2 CPU cores (see docs/results.md).
     */
    public static final ConvNetSpec ALEXNET =
            new ConvNetSpec(
                    32,
                    List.of(Conv.same3(48, 2), Conv.same3(96, 2), Conv.same3(192, 0),
                            Conv.same3(192, 0), Conv.same3(192, 2)),
                    List.of(1024, 1024),
                    0.5f,
                    ConvNetSpec.DropoutAt.BEFORE_HIDDEN,
                    10);

    /**
     * The study's student: two blocks of 3×3 convolution (32, 64) → batch norm → ReLU → 2×2
     * max-pool, then three linear layers (96-64-10) with dropout 0.25 between them.
     */
    public static final ConvNetSpec STUDENT_CNN =
            new ConvNetSpec(
                    32, List.of(Conv.same3(32, 2), Conv.same3(64, 2)), List.of(96, 64), 0.25f,
                    ConvNetSpec.DropoutAt.BETWEEN_LINEAR, 10);

    /**
     * The original notebook's AlexNet for 227×227 input, layer by layer: convolutions 96@11×11
     * stride 4, 256@5×5 (pad 2), 384, 384, 256 @3×3 (pad 1), each with batch norm and ReLU,
     * 3/2 max-pooling after the 1st, 2nd and 5th; linear 9216→4096→4096→10 with dropout 0.5.
     * 58,325,066 trainable parameters, as the notebook printed.
     */
    public static final ConvNetSpec ALEXNET_227 =
            new ConvNetSpec(
                    227,
                    List.of(new Conv(96, 11, 4, 0, 3, 2), new Conv(256, 5, 1, 2, 3, 2), new Conv(384, 3, 1, 1, 0, 0),
                            new Conv(384, 3, 1, 1, 0, 0), new Conv(256, 3, 1, 1, 3, 2)),
                    List.of(4096, 4096),
                    0.5f,
                    ConvNetSpec.DropoutAt.BEFORE_HIDDEN,
                    10);

    /**
     * The original notebook's student for 227×227 input: convolutions 16@11×11 stride 4 and
     * 32@5×5 stride 2 (pad 2), each with batch norm, ReLU and 3/2 max-pooling; linear
     * 1152→512→256→10 with dropout 0.5. 742,986 trainable parameters, as the notebook printed.
     */
    public static final ConvNetSpec STUDENT_227 =
            new ConvNetSpec(
                    227, List.of(new Conv(16, 11, 4, 0, 3, 2), new Conv(32, 5, 2, 2, 3, 2)), List.of(512, 256), 0.5f,
                    ConvNetSpec.DropoutAt.BETWEEN_LINEAR, 10);

    private static final Map<String, ConvNetSpec> MODELS = new LinkedHashMap<>();
    /** The models made for one input side, which they resize their images to. */
    private static final Set<String> FIXED_SIDE = Set.of("alexnet-227", "student-227");

    static {
        MODELS.put("alexnet", ALEXNET);
        MODELS.put("student-cnn", STUDENT_CNN);
        MODELS.put("alexnet-227", ALEXNET_227);
        MODELS.put("student-227", STUDENT_227);
    }

    private ModelRegistry() {}

    /** @return the plain models' names (not the zoo's), in listing order */
    public static Set<String> plainNames() {
        return java.util.Collections.unmodifiableSet(MODELS.keySet());
    }

    /** @return the registered names, in listing order: the plain models, then the zoo */
    public static Set<String> names() {
        Set<String> all = new java.util.LinkedHashSet<>(MODELS.keySet());
        all.addAll(Zoo.names());
        return java.util.Collections.unmodifiableSet(all);
    }

    /**
     * @param name a registered model name
     * @return its topology
     * @throws BadInputException if the name is unknown, listing the valid names
     */
    public static Architecture get(String name) {
        if (Zoo.contains(name)) {
            return new ZooModel(name, InputShape.CIFAR10.side(), InputShape.CIFAR10.classes());
        }
        ConvNetSpec spec = MODELS.get(name);
        if (spec == null) {
            throw new BadInputException("unknown model '" + name + "': valid models are " + String.join(", ",
                    MODELS.keySet()) + ", and the zoo's " + String.join(", ", Zoo.names()));
        }
        return spec;
    }

    /**
     * @param name a registered model name
     * @return whether its input side follows the dataset's image size (else it is made for one side)
     * @throws BadInputException if the name is unknown
     */
    public static boolean followsImageSize(String name) {
        get(name);
        return !FIXED_SIDE.contains(name);
    }

    /**
     * The topology of a registered model for a dataset's images and classes.
     *
     * @param name a registered model name
     * @param side the dataset's image side
     * @param classes the dataset's class count
     * @return the convolution stack of {@code name} with a classifier for {@code classes} classes,
     *     at input side {@code side} (or, for a model made for one side, at that side)
     * @throws BadInputException if the name is unknown, if the stack shrinks {@code side} below
     *     1×1, or if the model is made for another side
     */
    public static Architecture spec(String name, int side, int classes) {
        Architecture base = get(name);
        InputShape shape = new InputShape(side, classes);
        if (followsImageSize(name)) {
            return base.withInput(shape.side(), shape.classes()).requireFits(name);
        }
        if (side != base.inputSide() && side != InputShape.CIFAR10.side()) {
            throw new BadInputException("model '" + name + "' is made for " + base.inputSide() + "×" + base.inputSide()
                    + " images (and CIFAR's 32×32, resized to it as the notebook did), not " + side + "×" + side
                    + ": use --image-size " + base.inputSide() + ", or a model that follows the image size ("
                    + String.join(", ", MODELS.keySet().stream().filter(ModelRegistry::followsImageSize).toList())
                    + ", or any zoo model: see 'distill models')");
        }
        return base.withInput(base.inputSide(), shape.classes());
    }

    /**
     * @param name a registered model name
     * @param shape the dataset's image side and class count
     * @return {@link #spec(String, int, int)} of that shape
     */
    public static Architecture spec(String name, InputShape shape) {
        return spec(name, shape.side(), shape.classes());
    }
}
