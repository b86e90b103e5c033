package io.distill4j.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A registered classifier with its weights in libtorch: builds, initializes (seeded), runs, counts
 * and saves a {@link ConvNetSpec}. Owns a DJL {@link Model}; close it to free native memory.
 */
public final class Network implements AutoCloseable {
    private static final String MAGIC = "distill4j-weights-v1";
    /** DJL's code for bilinear interpolation ({@code Image.Interpolation.BILINEAR}). */
    private static final int BILINEAR = 1;

    private final String architecture;
    private final ConvNetSpec spec;
    private final Model model;
    private final SequentialBlock block;
    private final Map<String, Integer> featureIndex;
    private final ParameterStore parameters;
    private final Map<Long, NDArray> interpolation = new HashMap<>();

    private Network(String architecture, ConvNetSpec spec, Device device) {
        this.architecture = architecture;
        this.spec = spec;
        this.model = Model.newInstance(architecture, device, "PyTorch");
        ConvNetSpec.Built built = spec.build();
        this.block = built.block();
        this.featureIndex = built.features();
        model.setBlock(block);
        this.parameters = new ParameterStore(model.getNDManager(), false);
    }

    /**
     * @param architecture a registered model name
     * @param seed seed of the weight initialization
     * @param device where the weights live
     * @return the network with freshly initialized weights
     */
    public static Network create(String architecture, long seed, Device device) {
        return of(architecture, ModelRegistry.get(architecture), seed, device);
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
        Network net = new Network(name, spec, device);
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
        Network copy = of(architecture, spec, 0, device);
        copyWeightsTo(copy);
        return copy;
    }

    /**
     * Overwrites another network's weights and batch-norm statistics with this network's. The
     * copies' gradients start empty.
     *
     * @param other a network of the same topology, on any device
     */
    public void copyWeightsTo(Network other) {
        List<Pair<String, Parameter>> mine = block.getParameters().stream().toList();
        List<Pair<String, Parameter>> theirs = other.block.getParameters().stream().toList();
        for (int i = 0; i < mine.size(); i++) {
            NDArray source = mine.get(i).getValue().getArray();
            NDArray target = theirs.get(i).getValue().getArray();
            boolean trainable = target.hasGradient();
            withCopy(source, target.getDevice(), target::intern);
            if (trainable) {
                target.setRequiresGradient(true);
            }
        }
    }

    /**
     * Hands {@code use} a fresh copy of {@code source} on {@code device}, then frees it. Two DJL
     * behaviours are mended here, once: libtorch's {@code to()} returns the tensor itself on its own
     * device (so a same-device copy is a clone), and DJL's {@code toDevice} opens a sub-manager of
     * the source's manager that would otherwise pile up with every per-step copy.
     *
     * @param source the array to copy
     * @param device where the copy goes
     * @param use what to do with the copy (it may take over the copy's handle, e.g. {@code intern})
     */
    public static void withCopy(NDArray source, Device device, java.util.function.Consumer<NDArray> use) {
        NDArray copy = device.equals(source.getDevice()) ? source.duplicate() : source.toDevice(device, true);
        NDManager made = copy.getManager();
        try {
            use.accept(copy);
        } finally {
            copy.close();
            if (made != source.getManager() && made.getManagedArrays().isEmpty()) {
                made.close();
            }
        }
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
     * model's input are first resized in libtorch (bilinear), as the notebook's 227×227 models need.
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
        NDList x = new NDList(channelsLastInput(images));
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
     * The same images in channels-last memory (NHWC strides under the NCHW shape): libtorch's
     * oneDNN convolutions, batch norm and pooling then skip their layout conversions, and every
     * later activation stays channels-last. Measured on 2 cores: training 1.4× (alexnet) to 1.7×
     * (student-cnn) and inference 2.5–2.8× the rate on NCHW input; the values are those of NCHW.
     */
    static NDArray channelsLast(NDArray images) {
        Shape s = images.getShape();
        // A permuted view cannot be flattened in place, so reshape(-1) copies it in NHWC order.
        return images.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    private NDArray channelsLastInput(NDArray images) {
        Shape s = images.getShape();
        int side = spec.inputSide();
        if (s.get(2) == side && s.get(3) == side) {
            return channelsLast(images);
        }
        return resizedChannelsLast(images, interpolationMatrix(s.get(2)), interpolationMatrix(s.get(3)));
    }

    /**
     * Bilinear resizing as two matrix products, {@code Y = R_h · X · R_wᵀ} per image and channel,
     * written straight into channels-last memory. The same values as libtorch's
     * {@code interpolate} (tested), at a fraction of its cost: measured on 2 cores, the resize to
     * 227×227 and the channels-last copy took a third of a {@code student-227} training step.
     *
     * @param images {@code (N, C, h, w)}
     * @param rows {@code (height, h)}, from {@link #interpolationMatrix(NDManager, long, long)}
     * @param cols {@code (width, w)}
     */
    static NDArray resizedChannelsLast(NDArray images, NDArray rows, NDArray cols) {
        Shape s = images.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long height = rows.getShape().get(0);
        long width = cols.getShape().get(0);
        // Results belong to the first operand's manager: the batch's, never the model's, or they would leak.
        NDManager batch = images.getManager();
        NDArray colsT = cols.transpose();
        colsT.attach(batch);
        // Along the width: one product (N·C·h, w) × (w, width), still channels-first.
        NDArray wide = images.reshape(n * c * h, s.get(3)).matMul(colsT);
        // The small intermediate goes channels-last: (N, h, width·C).
        NDArray hwc = wide.reshape(n, c, h, width).transpose(0, 2, 3, 1).reshape(-1).reshape(n, h, width * c);
        // Along the height: (height, h) × (N, h, width·C) = (N, height, width·C), i.e. NHWC.
        NDArray out = rows.matMul(hwc);
        out.attach(batch);
        return out.reshape(n, height, width, c).transpose(0, 3, 1, 2);
    }

    private NDArray interpolationMatrix(long from) {
        return interpolation.computeIfAbsent(from, f -> interpolationMatrix(model.getNDManager(), f, spec.inputSide()));
    }

    /**
     * The {@code (side, from)} matrix of libtorch's bilinear interpolation (align_corners false)
     * from {@code from} pixels to {@code side}, obtained by interpolating the identity, so that
     * libtorch's own weights are used.
     */
    static NDArray interpolationMatrix(NDManager manager, long from, long side) {
        try (NDArray eye = manager.eye((int) from);
                NDArray image = eye.reshape(1, 1, from, from)) {
            return image.getNDArrayInternal().interpolation(new long[] {side, from}, BILINEAR, false).reshape(side, from);
        }
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

    private List<Shape> childOutputShapes() {
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
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!isRunningStatistic(p.getKey())) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** @return the size of all float32 weights (running statistics included) in MB (10^6 bytes) */
    public double sizeMb() {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n * 4 / 1e6;
    }

    /** @return multiply-accumulates of convolutions and linear layers for one image */
    public long macsPerImage() {
        List<Shape> outputs = childOutputShapes();
        long macs = 0;
        for (int i = 0; i < outputs.size(); i++) {
            Block b = block.getChildren().get(i).getValue();
            if (b instanceof Convolution || b instanceof Linear) {
                Shape w = b.getParameters().get("weight").getArray().getShape();
                long perOutput = w.size() / w.get(0);
                Shape out = outputs.get(i);
                macs += out.size() / out.get(0) * perOutput;
            }
        }
        return macs;
    }

    static boolean isRunningStatistic(String parameterName) {
        return parameterName.contains("running");
    }

    /**
     * Writes the weights atomically (see {@link AtomicFiles}), headed by the architecture name.
     *
     * @param file destination
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, this::writeWeights);
    }

    /**
     * @param out destination of the architecture name and every parameter (running statistics
     *     included)
     * @throws IOException if writing fails
     */
    public void writeWeights(DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeUTF(architecture);
        block.saveParameters(out);
    }

    /**
     * Replaces the weights with those {@link #writeWeights} wrote.
     *
     * @param in source
     * @param origin what is read, for messages
     * @throws BadInputException if the data is not distill4j weights of this architecture
     * @throws IOException if reading fails
     * @throws MalformedModelException if the parameters do not fit this architecture
     */
    public void readWeights(DataInputStream in, Object origin) throws IOException, MalformedModelException {
        String magic = in.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new BadInputException(
                    origin + " is not a distill4j weights file: give a models/*.params file written by distill4j");
        }
        String stored = in.readUTF();
        if (!stored.equals(architecture)) {
            throw new BadInputException(origin + " holds weights of model '" + stored + "', not '" + architecture
                    + "': pass --model " + stored + " or the right file");
        }
        block.loadParameters(model.getNDManager(), in);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    /**
     * @param architecture the registered model name the file must hold
     * @param file weights written by {@link #save(Path)}
     * @param device where the weights go
     * @return the network with those weights
     * @throws BadInputException if the file is missing, truncated or holds another model
     */
    public static Network load(String architecture, Path file, Device device) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("weights file " + file + " does not exist: give the path of a models/*.params file");
        }
        Network net = create(architecture, 0, device);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            net.readWeights(in, file);
            return net;
        } catch (IOException | MalformedModelException | IllegalArgumentException e) {
            net.close();
            throw new BadInputException(
                    "cannot read weights " + file + " (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage())
                            + "): the file is truncated or corrupt; retrain or copy it again", e);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
