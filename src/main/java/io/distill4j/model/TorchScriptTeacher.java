package io.distill4j.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.distill4j.BadInputException;
import io.distill4j.data.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A teacher exported from PyTorch as TorchScript ({@code torch.jit.trace} or {@code script}, e.g.
 * by {@code tools/export_teacher.py}), loaded by DJL's PyTorch engine, frozen and always run in
 * inference mode. It is given the study's batch (the dataset's side, normalized with the dataset's
 * statistics) and makes its own input from it inside libtorch: back to pixel values, into its
 * channel order and value range, normalized with its own mean and std (one per-channel affine map),
 * then resized bilinearly to its side ({@link Resize}). Its outputs are those its manifest
 * ({@link TeacherManifest}) names: the logits first, then features.
 */
public final class TorchScriptTeacher implements Classifier {
    private final String name;
    private final TeacherManifest manifest;
    private final Model model;
    private final Block block;
    private final ParameterStore parameters;
    private final InputShape inputShape;
    private final NDArray scale;
    private final NDArray shift;
    private final Resize resize;

    private TorchScriptTeacher(Path file, TeacherManifest manifest, Model model, Normalization data, int dataSide) {
        this.name = "torchscript:" + file.getFileName();
        this.manifest = manifest;
        this.model = model;
        this.block = model.getBlock();
        this.parameters = new ParameterStore(model.getNDManager(), false);
        this.inputShape = new InputShape(dataSide, manifest.classNames().size());
        NDManager m = model.getNDManager();
        float[][] affine = affine(data, manifest);
        this.scale = m.create(affine[0], new Shape(1, 3, 1, 1));
        this.shift = m.create(affine[1], new Shape(1, 3, 1, 1));
        this.resize = new Resize(m, manifest.inputSide());
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
            Device device) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("TorchScript teacher " + file + " does not exist: export one with"
                    + " tools/export_teacher.py");
        }
        if (!Files.isRegularFile(manifestFile)) {
            throw new BadInputException("TorchScript teacher " + file + " has no manifest " + manifestFile
                    + ": write it with tools/export_teacher.py");
        }
        TeacherManifest manifest = TeacherManifest.read(manifestFile);
        Model model = Model.newInstance("teacher", device, "PyTorch");
        try {
            model.load(file);
        } catch (IOException | MalformedModelException | EngineException e) {
            model.close();
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new BadInputException(file + " is not a TorchScript module (" + why + "): export it with"
                    + " torch.jit.trace or tools/export_teacher.py", e);
        }
        TorchScriptTeacher teacher = new TorchScriptTeacher(file, manifest, model, data, dataSide);
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
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDList out = run(m.zeros(new Shape(1, 3, inputShape.side(), inputShape.side())));
            List<String> names = new ArrayList<>(manifest.outputs().keySet());
            if (out.size() != names.size()) {
                throw new BadInputException("TorchScript teacher " + file + " returns " + out.size() + " outputs but "
                        + manifestFile.getFileName() + " names " + names.size() + " (" + String.join(", ", names)
                        + "): export them together with tools/export_teacher.py");
            }
            for (int i = 0; i < names.size(); i++) {
                Shape got = out.get(i).getShape().slice(1);
                if (!got.equals(manifest.outputs().get(names.get(i)))) {
                    throw new BadInputException("TorchScript teacher " + file + " output " + i + " ('" + names.get(i)
                            + "') has shape " + got + " per image but " + manifestFile.getFileName() + " says "
                            + manifest.outputs().get(names.get(i)) + ": export them together with tools/export_teacher.py");
                }
            }
        }
    }

    /** The module's outputs for a batch in the study's normalization; results belong to the batch's manager. */
    private NDList run(NDArray images) {
        NDArray x = images.mul(scale).add(shift);
        if (manifest.channelOrder().equals("BGR")) {
            x = x.flip(1);
        }
        return block.forward(parameters, new NDList(resize.input(x)), false);
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
    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** Always in inference mode: a TorchScript teacher is frozen, whatever {@code training} says. */
    @Override
    public ModelOutput forward(NDArray images, boolean training, Set<String> features) {
        Map<String, Shape> known = manifest.features();
        for (String f : features) {
            if (!known.containsKey(f)) {
                throw new IllegalArgumentException("TorchScript teacher " + name + " has no feature '" + f + "'");
            }
        }
        NDList out = run(images);
        List<String> names = new ArrayList<>(manifest.outputs().keySet());
        Map<String, NDArray> kept = new HashMap<>();
        for (int i = 1; i < names.size(); i++) {
            if (features.contains(names.get(i))) {
                kept.put(names.get(i), out.get(i));
            }
        }
        return new ModelOutput(out.get(0), kept);
    }

    @Override
    public Map<String, Shape> featureShapes() {
        return manifest.features();
    }

    @Override
    public long trainableParameters() {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    @Override
    public double sizeMb() {
        long bytes = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            bytes += a.size() * a.getDataType().getNumOfBytes();
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

    @Override
    public void close() {
        model.close();
    }
}
