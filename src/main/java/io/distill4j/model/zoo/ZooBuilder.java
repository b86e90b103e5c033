package io.distill4j.model.zoo;

import io.distill4j.model.Architecture;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.NetLayer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * Builds a zoo model's layers: registers each module with weights under its dotted path (creating
 * the container modules on the way, so that the network's tensor names are the {@code state_dict}
 * names of the reference PyTorch definition), initializes it as that definition does, and collects
 * the top-level layers and the named feature points.
 */
final class ZooBuilder {
    /** How the convolutions' weights start. */
    enum ConvInit {
        /** N(0, 2 / (k²·out)): He et al.'s fan-out initialization, as RepDistiller's ResNet, WRN, VGG and MobileNetV2. */
        FAN_OUT_NORMAL,
        /** PyTorch's default, uniform in ±1/√(k²·in/groups), as RepDistiller's ShuffleNets keep. */
        PYTORCH_DEFAULT
    }

    /** Suffix of a stage's pre-activation feature (before its last ReLU), which ReviewKD compares. */
    static final String PREACT = io.distill4j.model.ConvNetSpec.PREACT;

    private final Module root = new Module();
    private final Map<String, Module> containers = new LinkedHashMap<>();
    private final List<NetLayer> layers = new ArrayList<>();
    private final Map<String, Integer> features = new LinkedHashMap<>();
    private final ConvInit convInit;

    ZooBuilder(ConvInit convInit) {
        this.convInit = convInit;
    }

    /** A 2-D convolution without bias. */
    NetLayer.Conv conv(String path, long in, long out, int kernel, int stride, int padding, int groups) {
        return conv(path, in, out, kernel, stride, padding, groups, false);
    }

    /** A 2-D convolution, with a bias (starting at zero) where {@code bias}. */
    NetLayer.Conv conv(String path, long in, long out, int kernel, int stride, int padding, int groups, boolean bias) {
        Conv2dOptions o = new Conv2dOptions(in, out, new LongPointer(kernel, kernel));
        o.stride().put(new long[] {stride, stride});
        o.padding().put(new LongPointer(padding, padding));
        o.groups().put(groups);
        o.bias().put(bias);
        Conv2dImpl module = register(path, new Conv2dImpl(o));
        if (convInit == ConvInit.FAN_OUT_NORMAL) {
            try (NoGradGuard g = new NoGradGuard()) {
                module.weight().normal_(0, Math.sqrt(2.0 / (kernel * kernel * out)), new org.bytedeco.pytorch.GeneratorOptional());
            }
        }
        return new NetLayer.Conv(path, module, kernel, stride, padding, groups);
    }

    /** Batch norm (weight 1, bias 0, libtorch's defaults). */
    NetLayer.Norm norm(String path, long channels) {
        return new NetLayer.Norm(path, register(path, new BatchNorm2dImpl(new BatchNormOptions(channels))));
    }

    /** A fully connected layer, its weights PyTorch's default or, where {@code std > 0}, N(0, std²). */
    NetLayer.Dense linear(String path, long in, long out, double std) {
        LinearImpl module = register(path, new LinearImpl(in, out));
        if (std > 0) {
            try (NoGradGuard g = new NoGradGuard()) {
                module.weight().normal_(0, std, new org.bytedeco.pytorch.GeneratorOptional());
            }
        }
        return new NetLayer.Dense(path, module);
    }

    /** Appends top-level layers. */
    ZooBuilder add(NetLayer... more) {
        layers.addAll(List.of(more));
        return this;
    }

    /** Appends top-level layers. */
    ZooBuilder add(List<NetLayer> more) {
        layers.addAll(more);
        return this;
    }

    /** Names the output of the last top-level layer so far. */
    ZooBuilder feature(String name) {
        features.put(name, layers.size() - 1);
        return this;
    }

    /** Ends with global average pooling, the embedding and the classifier. */
    Architecture.Built head(NetLayer.Dense classifier) {
        add(new NetLayer.GlobalAvgPool(), new NetLayer.Flatten()).feature(ConvNetSpec.EMBEDDING).add(classifier);
        ConvNetSpec.zeroBiases(root);
        return new Architecture.Built(root, List.copyOf(layers), Collections.unmodifiableMap(features),
                List.copyOf(containers.values()));
    }

    private <M extends Module> M register(String path, M module) {
        int dot = path.lastIndexOf('.');
        Module parent = dot < 0 ? root : container(path.substring(0, dot));
        return parent.register_module(path.substring(dot + 1), module);
    }

    private Module container(String path) {
        Module m = containers.get(path);
        if (m == null) {
            m = register(path, new Module());
            containers.put(path, m);
        }
        return m;
    }
}
