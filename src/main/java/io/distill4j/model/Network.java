package io.distill4j.model;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Precision;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A registered classifier with its weights in libtorch: builds and initializes (seeded) an {@link
 * Architecture} (a plain {@link ConvNetSpec} or a zoo model) and runs it, keeping named features. Owns libtorch modules; close it to free native
 * memory. Its input is prepared by {@link Resize}, its counts are {@link NetworkCounts}', its
 * weights file is {@link WeightsFile} and its copies across devices are {@link DeviceCopies}'.
 */
public final class Network implements Classifier {
    private final String architecture;
    private final Architecture spec;
    private final Module root;
    private final List<NetLayer> layers;
    private final List<Module> containers;
    private final Map<String, Integer> featureIndex;
    private final Resize resize;
    private final InputShape inputShape;
    private final ComputeDevice device;
    private List<Dims> outputShapes;
    private Precision precision = Precision.FP32;

    Network(String architecture, Architecture spec, InputShape inputShape, ComputeDevice device) {
        this.architecture = architecture;
        this.spec = spec.requireFits(architecture);
        this.inputShape = inputShape;
        this.device = device;
        Architecture.Built built = spec.build();
        // The modules outlive the caller's pointer scopes: they are the network's until close().
        this.root = Tensors.keep(built.root());
        built.layers().forEach(NetLayer::keep);
        built.containers().forEach(Tensors::keep);
        this.containers = built.containers();
        this.layers = built.layers();
        this.featureIndex = built.features();
        if (device.isGpu()) {
            root.to(device.torch(), false);
        }
        this.resize = new Resize(spec.inputSide(), device);
    }

    /**
     * @param architecture a registered model name
     * @param seed seed of the weight initialization
     * @param device where the weights live
     * @return the network for CIFAR-10's 32×32 images and 10 classes, freshly initialized
     */
    public static Network create(String architecture, long seed, ComputeDevice device) {
        return create(architecture, seed, device, InputShape.CIFAR10);
    }

    /**
     * @param architecture a registered model name
     * @param seed seed of the weight initialization
     * @param device where the weights live
     * @param data the dataset's image side and class count
     * @return the network for those images and classes, freshly initialized
     * @throws io.distill4j.BadInputException if the model cannot take images of that side (see
     *     {@link ModelRegistry#spec(String, int, int)})
     */
    public static Network create(String architecture, long seed, ComputeDevice device, InputShape data) {
        return of(architecture, ModelRegistry.spec(architecture, data), data, seed, device);
    }

    /**
     * A network of any topology, registered or not (custom experiments, tests).
     *
     * @param name the model's name
     * @param spec its topology
     * @param seed seed of the weight initialization
     * @param device where the weights live
     * @return the network with freshly initialized weights
     */
    public static Network of(String name, Architecture spec, long seed, ComputeDevice device) {
        return of(name, spec, new InputShape(spec.inputSide(), spec.classes()), seed, device);
    }

    private static Network of(String name, Architecture spec, InputShape data, long seed, ComputeDevice device) {
        Torch.seed(seed);
        return new Network(name, spec, data, device);
    }

    /**
     * A copy of this network on another device, for data-parallel training; its weights and
     * batch-norm statistics are this network's.
     *
     * @param device where the copy lives
     * @return the copy
     */
    public Network replica(ComputeDevice device) {
        if (spec instanceof OwnModel) {
            throw new io.distill4j.BadInputException("model " + architecture + " is a module of your own: it trains on one device");
        }
        Network copy = of(architecture, spec, inputShape, 0, device);
        DeviceCopies.copyWeights(this, copy);
        copy.computeIn(precision);
        return copy;
    }

    /** @return the device holding the weights */
    @Override
    public ComputeDevice device() {
        return device;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public void computeIn(Precision p) {
        this.precision = java.util.Objects.requireNonNull(p, "precision");
    }

    /** @return the registered model name */
    @Override
    public String architecture() {
        return architecture;
    }

    /** @return the topology */
    public Architecture spec() {
        return spec;
    }

    /**
     * @return the side of the images it is given (the dataset's; the 227×227 models resize them)
     *     and its class count
     */
    @Override
    public InputShape inputShape() {
        return inputShape;
    }

    /** @return the side its layers take: {@link Architecture#inputSide()} */
    @Override
    public int layerSide() {
        return spec.inputSide();
    }

    /** @return {@link Architecture#evaluationBatch()} of its layers */
    @Override
    public int evaluationBatch() {
        return spec.evaluationBatch();
    }

    /** @return the layers in forward order */
    public List<NetLayer> layers() {
        return layers;
    }

    /** @return the module every layer with weights is registered on */
    public Module module() {
        return root;
    }

    /**
     * @return every parameter and batch-norm statistic by name (e.g. {@code conv1.weight}, {@code
     *     bn1.running_mean}), parameters first, in registration order
     */
    public Map<String, Tensor> tensors() {
        return Tensors.named(root);
    }

    /**
     * Runs the network, keeping the named intermediate features. Images of another side than the
     * model's input are first resized (bilinear, see {@link Resize}), as the notebook's 227×227 models
     * need.
     *
     * @param images a batch {@code (N, 3, h, w)}, normalized
     * @param training true for a training forward pass (batch statistics, dropout)
     * @param features names of the features to keep (see {@link #featureShapes()})
     * @return the logits and the requested features
     * @throws IllegalArgumentException if a feature is unknown
     */
    @Override
    public ModelOutput forward(Tensor images, boolean training, Set<String> features) {
        int last = -1;
        for (String f : features) {
            Integer at = featureIndex.get(f);
            if (at == null) {
                throw new IllegalArgumentException("model " + architecture + " has no feature '" + f + "'");
            }
            last = Math.max(last, at);
        }
        if (root.is_training() != training) {
            root.train(training);
        }
        int upTo = last;
        return ModelOutput.computedIn(device, precision, () -> run(images, training, features, upTo));
    }

    private ModelOutput run(Tensor images, boolean training, Set<String> features, int last) {
        Tensor x = resize.input(images);
        Map<String, Tensor> kept = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x, training);
            for (String f : i <= last ? features : Set.<String>of()) {
                if (featureIndex.get(f) == i) {
                    kept.put(f, x);
                }
            }
        }
        return new ModelOutput(x, kept);
    }

    /**
     * @return every named feature with its shape for one image ({@code (C, H, W)} for convolution
     *     blocks, {@code (D)} for the embedding), in forward order
     */
    @Override
    public Map<String, Dims> featureShapes() {
        Map<String, Dims> shapes = new LinkedHashMap<>();
        List<Dims> outputs = layerOutputShapes();
        featureIndex.forEach((name, i) -> shapes.put(name, outputs.get(i).slice(1)));
        return shapes;
    }

    /**
     * @return the output shape of every layer for one image ({@code (1, …)}), in forward order, found
     *     by one inference pass on a blank image
     */
    synchronized List<Dims> layerOutputShapes() {
        if (outputShapes == null) {
            outputShapes = NetworkCounts.outputShapes(this);
        }
        return outputShapes;
    }

    /** Turns the weights into constants: no gradient is recorded for them (a teacher). */
    public void freeze() {
        tensors().values().forEach(t -> t.requires_grad_(false));
    }

    /** @return the number of trainable parameters (batch-norm running statistics excluded) */
    @Override
    public long trainableParameters() {
        return NetworkCounts.trainableParameters(this);
    }

    /** @return the size of all float32 weights (running statistics included) in MB (10^6 bytes) */
    @Override
    public double sizeMb() {
        return NetworkCounts.sizeMb(this);
    }

    /** @return multiply-accumulates of convolutions and linear layers for one image */
    @Override
    public long macsPerImage() {
        return NetworkCounts.macsPerImage(this);
    }

    /**
     * Writes the weights atomically (see {@link io.distill4j.AtomicFiles}), headed by the
     * architecture name.
     *
     * @param file destination
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        WeightsFile.save(this, file);
    }

    /**
     * Writes the manifest ({@link ModelManifest#pathFor}) and then the weights, each atomically.
     *
     * @param file destination of the weights
     * @param manifest what the weights are: this network's architecture, side and class count
     * @throws IllegalArgumentException if the manifest describes another network
     * @throws IOException if a file cannot be written
     */
    public void save(Path file, ModelManifest manifest) throws IOException {
        WeightsFile.save(this, file, manifest);
    }

    /**
     * @param out destination of the architecture name and every parameter (running statistics
     *     included)
     * @throws IOException if writing fails
     */
    public void writeWeights(DataOutputStream out) throws IOException {
        WeightsFile.write(this, out);
    }

    /**
     * Replaces the weights with those {@link #writeWeights} wrote.
     *
     * @param in source
     * @param origin what is read, for messages
     * @throws io.distill4j.BadInputException if the data is not distill4j weights of this
     *     architecture, or its tensors do not fit it
     * @throws IOException if reading fails
     */
    public void readWeights(DataInputStream in, Object origin) throws IOException {
        WeightsFile.read(this, in, origin);
    }

    /**
     * @param architecture the registered model name the file must hold
     * @param file weights written by {@link #save(Path)}; the image side and class count come from
     *     its manifest, if it has one, else CIFAR-10's
     * @param device where the weights go
     * @return the network with those weights
     * @throws io.distill4j.BadInputException if the file is missing, truncated or holds another model,
     *     or its manifest is invalid or names another model
     */
    public static Network load(String architecture, Path file, ComputeDevice device) {
        return load(architecture, file, device, SavedModel.shapeOf(file));
    }

    /**
     * @param architecture the registered model name the file must hold
     * @param file weights written by {@link #save(Path)}
     * @param device where the weights go
     * @param data the image side and class count the weights were trained for
     * @return the network with those weights
     * @throws io.distill4j.BadInputException if the file is missing, truncated or holds another model
     */
    public static Network load(String architecture, Path file, ComputeDevice device, InputShape data) {
        return WeightsFile.load(architecture, file, device, data);
    }

    @Override
    public void close() {
        resize.close();
        layers.forEach(NetLayer::close);
        containers.forEach(Module::close);
        root.close();
    }
}
