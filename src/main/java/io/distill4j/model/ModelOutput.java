package io.distill4j.model;

import static org.bytedeco.pytorch.global.torch.cat;

import io.distill4j.BadInputException;
import io.distill4j.engine.Autocast;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Precision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * What one forward pass produced: the logits and the intermediate features that were asked for.
 *
 * @param logits {@code (N, classes)}
 * @param features feature name (see {@link ConvNetSpec#convFeature}, {@link ConvNetSpec#EMBEDDING})
 *     → its batch {@code (N, …)}
 */
public record ModelOutput(Tensor logits, Map<String, Tensor> features) {
    /** Copies the map. */
    public ModelOutput {
        features = Map.copyOf(features);
    }

    /**
     * @param name a feature requested in the forward pass
     * @return its batch
     * @throws IllegalStateException if it was not requested
     */
    public Tensor feature(String name) {
        Tensor f = features.get(name);
        if (f == null) {
            throw new IllegalStateException("feature '" + name + "' was not requested in this forward pass");
        }
        return f;
    }

    /**
     * Runs a forward pass in {@code precision} ({@link Autocast}) and gives its outputs in float32,
     * as losses take them: every {@link Classifier} computes through this.
     *
     * @param device where the pass runs
     * @param precision its arithmetic
     * @param forward the pass
     * @return its logits and features, float32
     */
    public static ModelOutput computedIn(ComputeDevice device, Precision precision, Supplier<ModelOutput> forward) {
        return precision == Precision.FP32 ? forward.get() : Autocast.run(device, precision, forward).inFloat32();
    }

    /**
     * @return the logits and every feature in float32: a forward pass in bfloat16 autocast ends in
     *     bfloat16 tensors (the cast is recorded for gradients)
     */
    private ModelOutput inFloat32() {
        Map<String, Tensor> cast = new HashMap<>();
        features.forEach((name, f) -> cast.put(name, float32(f)));
        return new ModelOutput(float32(logits), cast);
    }

    private static Tensor float32(Tensor t) {
        return t.scalar_type().intern() == ScalarType.Float ? t : t.to(ScalarType.Float);
    }

    /**
     * @param from first image
     * @param to one past the last image
     * @param device where the slice goes
     * @return images {@code [from, to)} of the logits and of every feature, on {@code device}
     */
    public ModelOutput slice(long from, long to, ComputeDevice device) {
        Map<String, Tensor> part = new HashMap<>();
        features.forEach((name, f) -> part.put(name, rows(f, from, to, device)));
        return new ModelOutput(rows(logits, from, to, device), part);
    }

    /**
     * The outputs of consecutive parts of a batch joined into the output of the whole batch, on one
     * device. The copies are recorded for gradients: a loss of the whole sends its gradient back to
     * every part's device.
     *
     * @param parts outputs of the parts, in batch order, with the same features
     * @param device where the whole goes
     * @return logits and features of the whole batch
     */
    public static ModelOutput concat(List<ModelOutput> parts, ComputeDevice device) {
        Map<String, Tensor> whole = new HashMap<>();
        for (String name : parts.get(0).features().keySet()) {
            whole.put(name, joined(parts.stream().map(p -> p.feature(name)).toList(), device));
        }
        return new ModelOutput(joined(parts.stream().map(ModelOutput::logits).toList(), device), whole);
    }

    private static Tensor joined(List<Tensor> parts, ComputeDevice device) {
        TensorVector onDevice = new TensorVector();
        parts.forEach(p -> onDevice.push_back(device.put(p)));
        return cat(onDevice, 0);
    }

    private static Tensor rows(Tensor a, long from, long to, ComputeDevice device) {
        return device.put(a.narrow(0, from, to - from));
    }

    /**
     * Checks that a model has a feature a method needs, before any training starts.
     *
     * @param network the model
     * @param name the feature
     * @param method who needs it, for the message
     * @throws BadInputException naming the feature, the model and the features it has
     */
    public static void require(ClassifierShape network, String name, String method) {
        if (!network.featureShapes().containsKey(name)) {
            throw new BadInputException("method " + method + " needs feature '" + name + "' but model "
                    + network.architecture() + (network.featureShapes().isEmpty() ? " exports no feature"
                    : " has only " + String.join(", ", network.featureShapes().keySet()))
                    + ": choose another method or model");
        }
    }
}
