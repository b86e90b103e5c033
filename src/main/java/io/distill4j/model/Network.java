package io.distill4j.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A registered classifier with its weights in libtorch: builds and initializes (seeded) a {@link
 * ConvNetSpec} and runs it, keeping named features. Owns a DJL {@link Model}; close it to free
 * native memory. Its input is prepared by {@link Resize}, its counts are {@link NetworkCounts}', its
 * weights file is {@link WeightsFile} and its copies across devices are {@link DeviceCopies}'.
 */
public final class Network implements Classifier {
    private final String architecture;
    private final ConvNetSpec spec;
    private final Model model;
    private final SequentialBlock block;
    private final Map<String, Integer> featureIndex;
    private final ParameterStore parameters;
    private final Resize resize;
    private final InputShape inputShape;

    private Network(String architecture, ConvNetSpec spec, InputShape inputShape, Device device) {
        this.architecture = architecture;
        this.spec = spec.requireFits(architecture);
        this.inputShape = inputShape;
        this.model = Model.newInstance(architecture, device, "PyTorch");
        ConvNetSpec.Built built = spec.build();
        this.block = built.block();
        this.featureIndex = built.features();
        model.setBlock(block);
        this.parameters = new ParameterStore(model.getNDManager(), false);
        this.resize = new Resize(model.getNDManager(), spec.inputSide());
    }

    /**
     * @param architecture a registered model name
     * @param seed seed of the weight initialization
     * @param device where the weights live
     * @return the network for CIFAR-10's 32×32 images and 10 classes, freshly initialized
     */
    public static Network create(String architecture, long seed, Device device) {
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
    public static Network create(String architecture, long seed, Device device, InputShape data) {
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
    public static Network of(String name, ConvNetSpec spec, long seed, Device device) {
        return of(name, spec, new InputShape(spec.inputSide(), spec.classes()), seed, device);
    }

    private static Network of(String name, ConvNetSpec spec, InputShape data, long seed, Device device) {
        Network net = new Network(name, spec, data, device);
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        net.block.initialize(net.model.getNDManager(), DataType.FLOAT32, spec.inputShape());
        return net;
    }

    /**
     * A copy of this network on another device, for data-parallel training; its weights and
     * batch-norm statistics are this network's.
     *
     * @param device where the copy lives
     * @return the copy
     */
    public Network replica(Device device) {
        Network copy = of(architecture, spec, inputShape, 0, device);
        DeviceCopies.copyWeights(this, copy);
        return copy;
    }

    /** @return the device holding the weights */
    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** @return the registered model name */
    public String architecture() {
        return architecture;
    }

    /** @return the topology */
    public ConvNetSpec spec() {
        return spec;
    }

    /**
     * @return the side of the images it is given (the dataset's; the 227×227 models resize them)
     *     and its class count
     */
    public InputShape inputShape() {
        return inputShape;
    }

    /** @return the side its layers take: {@link ConvNetSpec#inputSide()} */
    @Override
    public int layerSide() {
        return spec.inputSide();
    }

    /** @return {@link EvaluationBatch#of(ConvNetSpec)} of its layers */
    @Override
    public int evaluationBatch() {
        return EvaluationBatch.of(spec);
    }

    /** @return the DJL block */
    public Block block() {
        return block;
    }

    /** @return the DJL model owning the weights */
    public Model model() {
        return model;
    }

    /**
     * @param images a batch {@code (N, 3, side, side)}, normalized
     * @param training true for a training forward pass (batch statistics, dropout)
     * @return the logits {@code (N, classes)}
     */
    public NDArray forward(NDArray images, boolean training) {
        return forward(images, training, Set.of()).logits();
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
    public ModelOutput forward(NDArray images, boolean training, Set<String> features) {
        int last = -1;
        for (String f : features) {
            Integer at = featureIndex.get(f);
            if (at == null) {
                throw new IllegalArgumentException("model " + architecture + " has no feature '" + f + "'");
            }
            last = Math.max(last, at);
        }
        NDList x = new NDList(resize.input(images));
        Map<String, NDArray> kept = new HashMap<>();
        BlockList children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            x = children.get(i).getValue().forward(parameters, x, training);
            if (i <= last) {
                for (String f : features) {
                    if (featureIndex.get(f) == i) {
                        kept.put(f, x.singletonOrThrow());
                    }
                }
            }
        }
        return new ModelOutput(x.singletonOrThrow(), kept);
    }

    /**
     * @return every named feature with its shape for one image ({@code (C, H, W)} for convolution
     *     blocks, {@code (D)} for the embedding), in forward order
     */
    public Map<String, Shape> featureShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        List<Shape> outputs = childOutputShapes();
        featureIndex.forEach((name, i) -> shapes.put(name, outputs.get(i).slice(1)));
        return shapes;
    }

    /** @return the output shape of every child block for one image, in forward order */
    List<Shape> childOutputShapes() {
        Shape in = spec.inputShape();
        List<Shape> out = new ArrayList<>();
        for (Pair<String, Block> child : block.getChildren()) {
            in = child.getValue().getOutputShapes(new Shape[] {in})[0];
            out.add(in);
        }
        return out;
    }

    /**
     * Turns the weights into constants: no gradient is recorded for them (a teacher).
     */
    public void freeze() {
        block.freezeParameters(true);
    }

    /** @return the number of trainable parameters (batch-norm running statistics excluded) */
    public long trainableParameters() {
        return NetworkCounts.trainableParameters(this);
    }

    /** @return the size of all float32 weights (running statistics included) in MB (10^6 bytes) */
    public double sizeMb() {
        return NetworkCounts.sizeMb(this);
    }

    /** @return multiply-accumulates of convolutions and linear layers for one image */
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
        if (!manifest.architecture().equals(architecture) || !manifest.inputShape().equals(inputShape)) {
            throw new IllegalArgumentException("the manifest describes " + manifest.architecture() + " at "
                    + manifest.inputShape() + ", not " + architecture + " at " + inputShape);
        }
        manifest.write(ModelManifest.pathFor(file));
        WeightsFile.save(this, file);
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
     * @throws io.distill4j.BadInputException if the data is not distill4j weights of this architecture
     * @throws IOException if reading fails
     * @throws MalformedModelException if the parameters do not fit this architecture
     */
    public void readWeights(DataInputStream in, Object origin) throws IOException, MalformedModelException {
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
    public static Network load(String architecture, Path file, Device device) {
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
    public static Network load(String architecture, Path file, Device device, InputShape data) {
        return WeightsFile.load(architecture, file, device, data);
    }

    @Override
    public void close() {
        model.close();
    }
}
