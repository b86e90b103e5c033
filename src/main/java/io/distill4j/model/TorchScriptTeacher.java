package io.distill4j.model;

import io.distill4j.BadInputException;
import io.distill4j.data.Normalization;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Dims;
import io.distill4j.engine.Precision;
import io.distill4j.engine.Tensors;
import io.distill4j.engine.Torch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TupleElements;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.parameter_iterator;
import org.bytedeco.pytorch.parameter_list;

/**
 * A teacher exported from PyTorch as TorchScript ({@code torch.jit.trace} or {@code script}, e.g.
 * by {@code tools/export_teacher.py}), frozen and always run in
 * inference mode, by libtorch's TorchScript runtime. It is given the study's batch (the dataset's side, normalized with the dataset's
 * statistics) and makes its own input from it inside libtorch: back to pixel values, into its
 * channel order and value range, normalized with its own mean and std (one per-channel affine map),
 * then resized bilinearly to its side ({@link Resize}). Its outputs are those its manifest
 * ({@link TeacherManifest}) names: the logits first, then features.
 */
public final class TorchScriptTeacher implements Classifier {
    private final String name;
    private final TeacherManifest manifest;
    private final JitModule module;
    private final ComputeDevice device;
    private final InputShape inputShape;
    private final Tensor scale;
    private final Tensor shift;
    private final Resize resize;
    private Precision precision = Precision.FP32;

    private TorchScriptTeacher(Path file, TeacherManifest manifest, JitModule module, ComputeDevice device,
            Normalization data, int dataSide) {
        this.name = "torchscript:" + file.getFileName();
        this.manifest = manifest;
        this.module = module;
        this.device = device;
        this.inputShape = new InputShape(dataSide, manifest.classNames().size());
        float[][] affine = affine(data, manifest);
        this.scale = Tensors.keep(device.put(Tensors.floats(affine[0], 1, 3, 1, 1)));
        this.shift = Tensors.keep(device.put(Tensors.floats(affine[1], 1, 3, 1, 1)));
        this.resize = new Resize(manifest.inputSide(), device);
    }

    /**
     * Loads the module and checks it against its manifest with one forward pass.
     *
     * @param file the TorchScript module ({@code teacher.pt})
     * @param manifestFile its manifest ({@code teacher.json}, see {@link TeacherManifest#pathFor})
     * @param data the normalization of the batches it will be given (the study's)
     * @param dataSide the side of those batches' images
     * @param device where it runs
     * @return the teacher
     * @throws BadInputException for a missing file or manifest, a file that is not TorchScript, or
     *     a module whose outputs disagree with its manifest
     */
    public static TorchScriptTeacher load(Path file, Path manifestFile, Normalization data, int dataSide,
            ComputeDevice device) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("TorchScript teacher " + file + " does not exist: export one with"
                    + " tools/export_teacher.py");
        }
        if (!Files.isRegularFile(manifestFile)) {
            throw new BadInputException("TorchScript teacher " + file + " has no manifest " + manifestFile
                    + ": write it with tools/export_teacher.py");
        }
        TeacherManifest manifest = TeacherManifest.read(manifestFile);
        Torch.start();
        JitModule module;
        try {
            module = Tensors.keep(torch.load(file.toString(), new DeviceOptional(device.torch()), false));
            module.eval();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new BadInputException(file + " is not a TorchScript module (" + why + "): export it with"
                    + " torch.jit.trace or tools/export_teacher.py", e);
        }
        TorchScriptTeacher teacher = new TorchScriptTeacher(file, manifest, module, device, data, dataSide);
        try {
            teacher.checkOutputs(file, manifestFile);
        } catch (RuntimeException e) {
            teacher.close();
            throw e;
        }
        return teacher;
    }

    /** Per module channel c: {@code y = x·scale[c] + shift[c]}, from the data's normalization to the module's. */
    private static float[][] affine(Normalization data, TeacherManifest m) {
        float divisor = m.valueRange().equals("0-1") ? 255f : 1f;
        float[][] out = new float[2][3];
        for (int c = 0; c < 3; c++) {
            int src = m.channelOrder().equals("BGR") ? 2 - c : c;
            out[0][c] = data.std()[src] / (divisor * m.std()[c]);
            out[1][c] = (data.mean()[src] / divisor - m.mean()[c]) / m.std()[c];
        }
        return out;
    }

    private void checkOutputs(Path file, Path manifestFile) {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            List<Tensor> out = run(device.put(torch.zeros(1, 3, inputShape.side(), inputShape.side())));
            List<String> names = new ArrayList<>(manifest.outputs().keySet());
            if (out.size() != names.size()) {
                throw new BadInputException("TorchScript teacher " + file + " returns " + out.size() + " outputs but "
                        + manifestFile.getFileName() + " names " + names.size() + " (" + String.join(", ", names)
                        + "): export them together with tools/export_teacher.py");
            }
            for (int i = 0; i < names.size(); i++) {
                Dims got = Tensors.dims(out.get(i)).slice(1);
                if (!got.equals(manifest.outputs().get(names.get(i)))) {
                    throw new BadInputException("TorchScript teacher " + file + " output " + i + " ('" + names.get(i)
                            + "') has shape " + got + " per image but " + manifestFile.getFileName() + " says "
                            + manifest.outputs().get(names.get(i)) + ": export them together with tools/export_teacher.py");
                }
            }
        }
    }

    /**
     * The module's outputs for a batch in the study's normalization: a tuple's elements, or the one
     * tensor. Each gets its own handle: {@code toTensor()} refers into the returned value, which is
     * freed with its Java object.
     */
    private List<Tensor> run(Tensor images) {
        Tensor x = images.mul(scale).add(shift);
        if (manifest.channelOrder().equals("BGR")) {
            x = x.flip(1);
        }
        IValue out = module.forward(new IValueVector(new IValue(resize.input(x))));
        List<Tensor> tensors = new ArrayList<>();
        if (out.isTuple()) {
            TupleElements e = out.toTuple().elements();
            for (long i = 0; i < e.size(); i++) {
                tensors.add(new Tensor(e.get(i).toTensor()));
            }
        } else if (out.isTensorList()) {
            var v = out.toTensorVector();
            for (long i = 0; i < v.size(); i++) {
                tensors.add(new Tensor(v.get(i)));
            }
        } else {
            tensors.add(new Tensor(out.toTensor()));
        }
        return tensors;
    }

    /**
     * @param what the teacher as the message names it, e.g. {@code --teacher-torchscript teacher.pt}
     * @param classNames the data's class names in label order
     * @throws BadInputException if the module answers other classes, naming both lists
     */
    public void requireClasses(String what, List<String> classNames) {
        if (!manifest.classNames().equals(classNames)) {
            throw new BadInputException(what + " answers " + ModelManifest.describeClasses(manifest.classNames())
                    + " but the data has " + ModelManifest.describeClasses(classNames)
                    + ": export the teacher with the data's class names, in label order");
        }
    }

    /** @return the manifest the module was checked against */
    public TeacherManifest manifest() {
        return manifest;
    }

    @Override
    public String architecture() {
        return name;
    }

    @Override
    public InputShape inputShape() {
        return inputShape;
    }

    @Override
    public int layerSide() {
        return manifest.inputSide();
    }

    @Override
    public ComputeDevice device() {
        return device;
    }

    /** The module's operations pass libtorch's dispatcher as eager ones do, so autocast reaches them. */
    @Override
    public void computeIn(Precision p) {
        this.precision = java.util.Objects.requireNonNull(p, "precision");
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /** Always in inference mode: a TorchScript teacher is frozen, whatever {@code training} says. */
    @Override
    public ModelOutput forward(Tensor images, boolean training, Set<String> features) {
        Map<String, Dims> known = manifest.features();
        for (String f : features) {
            if (!known.containsKey(f)) {
                throw new IllegalArgumentException("TorchScript teacher " + name + " has no feature '" + f + "'");
            }
        }
        try (NoGradGuard g = new NoGradGuard()) {
            return ModelOutput.computedIn(device, precision, () -> kept(run(images), features));
        }
    }

    /** The logits (the first output) and the requested features among the module's outputs. */
    private ModelOutput kept(List<Tensor> out, Set<String> features) {
        List<String> names = new ArrayList<>(manifest.outputs().keySet());
        Map<String, Tensor> kept = new HashMap<>();
        for (int i = 1; i < names.size(); i++) {
            if (features.contains(names.get(i))) {
                kept.put(names.get(i), out.get(i));
            }
        }
        return new ModelOutput(out.get(0), kept);
    }

    @Override
    public Map<String, Dims> featureShapes() {
        return manifest.features();
    }

    @Override
    public long trainableParameters() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    @Override
    public double sizeMb() {
        long bytes = 0;
        for (Tensor p : parameters()) {
            bytes += p.nbytes();
        }
        return bytes / 1e6;
    }

    /** @return 0: a TorchScript module's operations are not counted */
    @Override
    public long macsPerImage() {
        return 0;
    }

    @Override
    public int evaluationBatch() {
        return EvaluationBatch.ofUnknownLayers(manifest.inputSide());
    }

    private List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        parameter_list list = module.parameters(true);
        parameter_iterator end = list.end();
        for (parameter_iterator it = list.begin(); it.notEquals(end); it = it.increment()) {
            all.add(new Tensor(it.access()));
        }
        return all;
    }

    @Override
    public void close() {
        resize.close();
        scale.close();
        shift.close();
        module.close();
    }
}
