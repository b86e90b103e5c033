package io.distill4j.model;

import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.TensorIO;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * distill4j's weights format: a magic string, the architecture name, the number of tensors, then
 * every parameter and batch-norm statistic of the network ({@link Network#tensors()}) as its name
 * and the tensor ({@link TensorIO}). Used on its own
 * ({@code models/*.params}) and inside checkpoints.
 */
final class WeightsFile {
    private static final String MAGIC = "distill4j-weights-v2";
    /** The format of builds on DJL's engine (DJL's parameter encoding), no longer read. */
    private static final String DJL_MAGIC = "distill4j-weights-v1";

    private WeightsFile() {}

    /** Writes the weights atomically (see {@link AtomicFiles}). */
    static void save(Network net, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(net, out));
    }

    /** Writes the manifest beside {@code file}, then the weights, each atomically. */
    static void save(Network net, Path file, ModelManifest manifest) throws IOException {
        if (!manifest.architecture().equals(net.architecture()) || !manifest.inputShape().equals(net.inputShape())) {
            throw new IllegalArgumentException("the manifest describes " + manifest.architecture() + " at "
                    + manifest.inputShape() + ", not " + net.architecture() + " at " + net.inputShape());
        }
        manifest.write(ModelManifest.pathFor(file));
        save(net, file);
    }

    /** Writes the magic string, the architecture name and every tensor. */
    static void write(Network net, DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeUTF(net.architecture());
        Map<String, Tensor> tensors = net.tensors();
        out.writeInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            out.writeUTF(e.getKey());
            TensorIO.write(out, e.getValue());
        }
    }

    /**
     * Replaces the network's weights with those {@link #write} wrote.
     *
     * @throws BadInputException if the data is not distill4j weights of this architecture, or its
     *     tensors do not fit the network
     */
    static void read(Network net, DataInputStream in, Object origin) throws IOException {
        requireMagic(in.readUTF(), origin);
        String stored = in.readUTF();
        if (!stored.equals(net.architecture())) {
            throw new BadInputException(origin + " holds weights of model '" + stored + "', not '" + net.architecture()
                    + "': pass --model " + stored + " or the right file");
        }
        Map<String, Tensor> tensors = net.tensors();
        int count = in.readInt();
        if (count != tensors.size()) {
            throw new BadInputException(origin + " holds " + count + " tensors but " + net.architecture() + " has "
                    + tensors.size() + ": the file is corrupt or of another build; give the matching file");
        }
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            Tensor target = tensors.get(name);
            if (target == null) {
                throw new BadInputException(origin + " holds tensor '" + name + "', which " + net.architecture()
                        + " does not have: give a weights file of this model");
            }
            try {
                TensorIO.readInto(in, target, "tensor " + name);
            } catch (TensorIO.Mismatch e) {
                throw new BadInputException(origin + ": " + e.getMessage() + " in " + net.architecture()
                        + " here: the weights were trained for another input size or class count; give the matching file");
            }
        }
    }

    /**
     * @param magic the string a file starts with
     * @param origin the file, for messages
     * @throws BadInputException if it is not this format's, saying whether it is the DJL builds' format
     */
    private static void requireMagic(String magic, Object origin) {
        if (DJL_MAGIC.equals(magic)) {
            throw new BadInputException(origin + " was written by a distill4j build on DJL's engine, whose format this"
                    + " build does not read: retrain the model with this build");
        }
        if (!MAGIC.equals(magic)) {
            throw new BadInputException(
                    origin + " is not a distill4j weights file: give a models/*.params file written by distill4j");
        }
    }

    /**
     * @param file a weights file
     * @return the architecture named in its header
     * @throws BadInputException if the file is missing or not distill4j weights
     */
    static String architecture(Path file) {
        requireExists(file);
        String magic = null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            magic = in.readUTF();
            requireMagic(magic, file);
            return in.readUTF();
        } catch (IOException e) {
            // not distill4j weights (or truncated after the magic string): said below
        }
        requireMagic(magic, file);
        throw new BadInputException(
                file + " is not a distill4j weights file: give a models/*.params file written by distill4j");
    }

    private static void requireExists(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("weights file " + file + " does not exist: give the path of a models/*.params file");
        }
    }

    /**
     * @throws BadInputException if the file is missing, truncated or holds another model
     */
    static Network load(String architecture, Path file, ComputeDevice device, InputShape data) {
        requireExists(file);
        Network net = Network.create(architecture, 0, device, data);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            read(net, in, file);
            return net;
        } catch (IOException | IllegalArgumentException e) {
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
}
