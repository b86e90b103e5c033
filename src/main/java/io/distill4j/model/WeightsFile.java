package io.distill4j.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * distill4j's weights format: a magic string, the architecture name, then every parameter of the
 * network (batch-norm running statistics included) as DJL saves them. Used on its own
 * ({@code models/*.params}) and inside checkpoints.
 */
final class WeightsFile {
    private static final String MAGIC = "distill4j-weights-v1";

    private WeightsFile() {}

    /** Writes the weights atomically (see {@link AtomicFiles}). */
    static void save(Network net, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(net, out));
    }

    /** Writes the magic string, the architecture name and every parameter. */
    static void write(Network net, DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeUTF(net.architecture());
        net.block().saveParameters(out);
    }

    /**
     * Replaces the network's weights with those {@link #write} wrote.
     *
     * @throws BadInputException if the data is not distill4j weights of this architecture
     */
    static void read(Network net, DataInputStream in, Object origin) throws IOException, MalformedModelException {
        String magic = in.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new BadInputException(
                    origin + " is not a distill4j weights file: give a models/*.params file written by distill4j");
        }
        String stored = in.readUTF();
        if (!stored.equals(net.architecture())) {
            throw new BadInputException(origin + " holds weights of model '" + stored + "', not '" + net.architecture()
                    + "': pass --model " + stored + " or the right file");
        }
        Map<String, Shape> expected = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            expected.put(p.getKey(), p.getValue().getArray().getShape());
        }
        net.block().loadParameters(net.model().getNDManager(), in);
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            Shape loaded = p.getValue().getArray().getShape();
            if (!loaded.equals(expected.get(p.getKey()))) {
                // DJL's Parameter.load does not check shapes: a file of another input size or class count would load.
                throw new BadInputException(origin + " holds parameter " + p.getKey() + " of shape " + loaded + ", but "
                        + net.architecture() + " here has " + expected.get(p.getKey())
                        + ": the weights were trained for another input size or class count; give the matching file");
            }
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    /**
     * @param file a weights file
     * @return the architecture named in its header
     * @throws BadInputException if the file is missing or not distill4j weights
     */
    static String architecture(Path file) {
        requireExists(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (MAGIC.equals(in.readUTF())) {
                return in.readUTF();
            }
        } catch (IOException e) {
            // not distill4j weights: said below
        }
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
    static Network load(String architecture, Path file, Device device, InputShape data) {
        requireExists(file);
        Network net = Network.create(architecture, 0, device, data);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            read(net, in, file);
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
}
