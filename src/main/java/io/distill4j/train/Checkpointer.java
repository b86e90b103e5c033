package io.distill4j.train;

import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.engine.TensorIO;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;

/**
 * Checkpoints every phase at each epoch end, atomically, into {@code <dir>/<phase>.ckpt}: each
 * learner's weights (batch-norm statistics included), optimizer step count and momentum buffers,
 * and the phase's metrics so far. Batch order, augmentation and dropout are seeded per epoch, so a
 * phase restored from epoch e continues exactly as the uninterrupted run would.
 */
public final class Checkpointer implements TrainingListener {
    private static final String MAGIC = "distill4j-checkpoint-v2";

    private final Path dir;
    private final Map<String, List<EpochMetrics>> history = new LinkedHashMap<>();
    private String phase;

    /** @param dir folder of the checkpoint files */
    public Checkpointer(Path dir) {
        this.dir = dir;
    }

    /**
     * A phase restored from its checkpoint.
     *
     * @param epochsDone epochs completed before the checkpoint
     * @param history metrics of those epochs
     */
    public record Restored(int epochsDone, List<EpochMetrics> history) {}

    /**
     * @param phaseName a phase name
     * @return its checkpoint file
     */
    public Path file(String phaseName) {
        return dir.resolve(phaseName + ".ckpt");
    }

    @Override
    public void onPhaseStart(String name, List<String> models, int epochs, int batchesPerEpoch) {
        phase = name;
        history.computeIfAbsent(name, k -> new ArrayList<>());
    }

    @Override
    public void onEpoch(EpochMetrics metrics) {
        history.get(phase).add(metrics);
    }

    @Override
    public void onEpochEnd(String name, int epoch, List<Learner> learners) {
        List<EpochMetrics> rows = history.get(name);
        try {
            AtomicFiles.write(file(name), out -> write(out, name, epoch, learners, rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file(name) + ": " + e.getMessage()
                    + " (the previous checkpoint is intact; free disk space and resume)", e);
        }
    }

    private static void write(DataOutputStream out, String name, int epoch, List<Learner> learners,
            List<EpochMetrics> rows) throws IOException {
        out.writeUTF(MAGIC);
        out.writeUTF(name);
        out.writeInt(epoch);
        out.writeInt(rows.size());
        for (EpochMetrics m : rows) {
            out.writeUTF(m.model());
            out.writeInt(m.epoch());
            out.writeDouble(m.trainLoss());
            out.writeDouble(m.valLoss());
            out.writeDouble(m.valAcc());
            out.writeDouble(m.lr());
            out.writeDouble(m.seconds());
        }
        out.writeInt(learners.size());
        for (Learner l : learners) {
            out.writeUTF(l.name());
            l.network().writeWeights(out);
            Module extra = l.objective().trainable();
            out.writeBoolean(extra != null);
            if (extra != null) {
                TensorIO.writeModule(out, extra);
            }
            l.optimizer().writeState(out, l.trainableBlocks());
        }
    }

    /**
     * Loads a phase's checkpoint, if there is one, into the given learners.
     *
     * @param name phase name
     * @param learners freshly built learners, in the order they were checkpointed
     * @return what was restored, or an empty restore (0 epochs) without a checkpoint
     * @throws BadInputException if the checkpoint is truncated, corrupt or belongs to other models
     * @throws UncheckedIOException if the file cannot be read (an I/O error, not its content)
     * @throws IllegalStateException naming the checkpoint and the cause for anything else: a fault
     *     of distill4j or libtorch, not of the file, so deleting the file is not the fix
     */
    public Restored restore(String name, List<Learner> learners) {
        Path file = file(name);
        if (!Files.exists(file)) {
            history.put(name, new ArrayList<>());
            return new Restored(0, List.of());
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (!MAGIC.equals(in.readUTF()) || !name.equals(in.readUTF())) {
                throw new Corrupt("not a checkpoint of phase " + name);
            }
            int epoch = in.readInt();
            int rows = in.readInt();
            if (epoch < 0 || rows < 0 || rows > 1_000_000) {
                throw new Corrupt("implausible header");
            }
            List<EpochMetrics> restored = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                restored.add(new EpochMetrics(in.readUTF(), in.readInt(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readDouble(), in.readDouble()));
            }
            int count = in.readInt();
            if (count != learners.size()) {
                throw new Corrupt("it holds " + count + " models, the study has " + learners.size());
            }
            for (Learner l : learners) {
                String stored = in.readUTF();
                if (!stored.equals(l.name())) {
                    throw new Corrupt("it holds model " + stored + " where the study has " + l.name());
                }
                l.network().readWeights(in, file);
                Module extra = l.objective().trainable();
                if (in.readBoolean() != (extra != null)) {
                    throw new Corrupt("model " + l.name() + " was checkpointed with another method");
                }
                if (extra != null) {
                    TensorIO.readModule(in, extra, "the trained part of " + l.name() + "'s method");
                }
                l.optimizer().readState(in, l.trainableBlocks());
            }
            history.put(name, new ArrayList<>(restored));
            return new Restored(epoch, List.copyOf(restored));
        } catch (Corrupt | EOFException | UTFDataFormatException | StreamCorruptedException | TensorIO.Mismatch e) {
            throw unreadable(file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("restoring checkpoint " + file + " failed (" + e
                    + "); the file may be intact: report this with DISTILL4J_DEBUG=1", e);
        }
    }

    private static BadInputException unreadable(Path file, Exception e) {
        return new BadInputException("checkpoint " + file + " is unreadable (" + e.getMessage()
                + "): delete it to restart that phase from scratch", e);
    }

    /** The content of a checkpoint does not fit: foreign, corrupt or of other models. */
    static final class Corrupt extends IOException {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message);
        }
    }
}
