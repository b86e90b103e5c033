package io.distill4j.model;

import io.distill4j.BadInputException;
import io.distill4j.engine.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.GenericDict;
import org.bytedeco.pytorch.GenericDictIterator;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A PyTorch checkpoint of a zoo model, as RepDistiller and mdistiller publish their teachers once
 * {@code tools/import_checkpoint.py} has converted it: a file {@code torch.save} wrote (zip format)
 * holding a {@code state_dict} as a plain dict, either alone or under the key {@code model}, {@code
 * state_dict} or {@code net}; a {@code module.} prefix that {@code DataParallel} adds is dropped.
 * Read with libtorch's own unpickler, so nothing but the tensors is run; that unpickler (libtorch
 * 2.10) asserts on the {@code OrderedDict} every {@code state_dict} is, hence the conversion. The tensors are copied into a network of the same architecture by name; a missing,
 * extra or differently shaped tensor is refused by name.
 */
public final class TorchCheckpoint {
    /** The keys a checkpoint may hold its {@code state_dict} under, in the order they are tried. */
    static final List<String> WRAPPER_KEYS = List.of("model", "state_dict", "net");

    private TorchCheckpoint() {}

    /**
     * @param file a checkpoint
     * @return its {@code state_dict}'s tensors by name (each its own handle, kept beyond pointer scopes)
     * @throws BadInputException if the file is missing or is not a zip-format checkpoint of tensors
     * @throws IOException if it cannot be read
     */
    public static Map<String, Tensor> stateDict(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("checkpoint " + file + " does not exist: give the .pth file torch.save wrote");
        }
        byte[] bytes = Files.readAllBytes(file);
        IValue root;
        try {
            root = torch.pickle_load(new ByteVector(bytes));
        } catch (RuntimeException e) {
            throw new BadInputException("checkpoint " + file + " cannot be read by libtorch's unpickler (" + firstLine(e)
                    + "), which reads neither an OrderedDict state_dict nor PyTorch's format before 1.6: convert it with"
                    + " 'python3 tools/import_checkpoint.py " + file + " OUT.pth' and give OUT.pth");
        }
        GenericDict dict = dictIn(root, file);
        for (String key : WRAPPER_KEYS) {
            IValue k = new IValue(key);
            if (dict.contains(k) && dict.at(k).isGenericDict()) {
                dict = dict.at(k).toGenericDict();
                break;
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (GenericDictIterator it = dict.begin(); !it.equals(dict.end()); it = it.increment()) {
            IValue key = it.access().key();
            IValue value = it.access().value();
            if (!key.isString() || !value.isTensor()) {
                throw new BadInputException("checkpoint " + file + " holds an entry that is not a named tensor ("
                        + key.tagKind().getString() + " → " + value.tagKind().getString() + "): give a state_dict,"
                        + " or a dict holding one under " + String.join(", ", WRAPPER_KEYS));
            }
            String name = key.toStringRef().getString();
            tensors.put(name.startsWith("module.") ? name.substring("module.".length()) : name,
                    Tensors.keep(new Tensor(value.toTensor())));
        }
        return tensors;
    }

    private static GenericDict dictIn(IValue root, Path file) {
        if (!root.isGenericDict()) {
            throw new BadInputException("checkpoint " + file + " holds a " + root.tagKind().getString()
                    + ", not a dict: give a state_dict, or a dict holding one under " + String.join(", ", WRAPPER_KEYS));
        }
        return root.toGenericDict();
    }

    /**
     * Replaces a network's weights and batch-norm statistics with a checkpoint's.
     *
     * @param net a freshly built network of the checkpoint's architecture and class count
     * @param file the checkpoint
     * @throws BadInputException if a tensor is missing, extra or of another shape, naming it
     * @throws IOException if the file cannot be read
     */
    public static void load(Network net, Path file) throws IOException {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Map<String, Tensor> source = stateDict(file);
            Map<String, Tensor> target = net.tensors();
            for (Map.Entry<String, Tensor> e : target.entrySet()) {
                Tensor t = source.get(e.getKey());
                if (t == null) {
                    throw new BadInputException("checkpoint " + file + " has no tensor " + e.getKey() + " that "
                            + net.architecture() + " needs: give a checkpoint of " + net.architecture());
                }
                long[] want = e.getValue().shape();
                if (!Arrays.equals(t.shape(), want)) {
                    throw new BadInputException("checkpoint " + file + " tensor " + e.getKey() + " has shape "
                            + Arrays.toString(t.shape()) + " but " + net.architecture() + " for "
                            + net.inputShape().classes() + " classes needs " + Arrays.toString(want)
                            + ": give a checkpoint of this architecture and class count");
                }
            }
            for (String name : source.keySet()) {
                if (!target.containsKey(name)) {
                    throw new BadInputException("checkpoint " + file + " holds tensor " + name + ", which "
                            + net.architecture() + " does not have: it is of another architecture");
                }
            }
            target.forEach((name, t) -> t.copy_(source.get(name)));
            source.values().forEach(Tensor::close);
        }
    }

    private static String firstLine(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
