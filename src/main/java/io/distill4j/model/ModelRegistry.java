package io.distill4j.model;

import io.distill4j.BadInputException;
import io.distill4j.model.ConvNetSpec.Conv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The closed set of model names the CLI and configs accept. An unknown name is rejected with the
 * list of valid ones.
 */
public final class ModelRegistry {
    /**
     * AlexNet's topology for 32×32 input: five 3×3 convolutions (48-96-192-192-192) with batch
     * norm and ReLU, max-pooling after the 1st, 2nd and 5th, and three linear layers
     * (1024-1024-10) with dropout 0.5. Widths chosen by measurement on 2 CPU cores (see README).
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

    private static final Map<String, ConvNetSpec> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("alexnet", ALEXNET);
        MODELS.put("student-cnn", STUDENT_CNN);
    }

    private ModelRegistry() {}

    /** @return the registered names, in listing order */
    public static Set<String> names() {
        return java.util.Collections.unmodifiableSet(MODELS.keySet());
    }

    /**
     * @param name a registered model name
     * @return its topology
     * @throws BadInputException if the name is unknown, listing the valid names
     */
    public static ConvNetSpec get(String name) {
        ConvNetSpec spec = MODELS.get(name);
        if (spec == null) {
            throw new BadInputException(
                    "unknown model '" + name + "': valid models are " + String.join(", ", MODELS.keySet()));
        }
        return spec;
    }
}
