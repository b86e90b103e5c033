package io.distill4j.train;

import io.distill4j.model.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps each model's weights of its best epoch so far, chosen by validation accuracy (the first of
 * equal ones): at the end of an epoch that beats every earlier one, the weights are saved to the
 * model's best-epoch file. Epochs a restored checkpoint replays count as earlier epochs, so a resumed
 * run keeps the file its first part wrote. Listen before the {@link Checkpointer}: a crash between
 * the two then leaves a best file one epoch ahead of the checkpoint, which the resumed run retrains
 * to the same weights.
 */
public final class BestEpochs implements TrainingListener {
    /** Writes a model's weights. */
    @FunctionalInterface
    public interface Saver {
        /**
         * @param net the model
         * @param file where its weights go
         * @throws IOException if writing fails
         */
        void save(Network net, Path file) throws IOException;
    }

    private final Function<String, Path> files;
    private final Saver saver;
    private final Map<String, EpochMetrics> best = new HashMap<>();

    /**
     * @param files each model's best-epoch file, by model name
     * @param saver how weights are written
     */
    public BestEpochs(Function<String, Path> files, Saver saver) {
        this.files = files;
        this.saver = saver;
    }

    @Override
    public void onEpoch(EpochMetrics metrics) {
        EpochMetrics before = best.get(metrics.model());
        if (before == null || metrics.valAcc() > before.valAcc()) {
            best.put(metrics.model(), metrics);
        }
    }

    @Override
    public void onEpochEnd(String phase, int epoch, List<Learner> learners) {
        for (Learner l : learners) {
            EpochMetrics m = best.get(l.name());
            if (m != null && m.epoch() == epoch) {
                Path file = files.apply(l.name());
                try {
                    saver.save(l.network(), file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the best epoch's weights " + file + ": " + e.getMessage()
                            + " (free disk space and resume)", e);
                }
            }
        }
    }

    /**
     * @param model a model's name
     * @return its best epoch so far, or {@code null} before its first
     */
    public EpochMetrics best(String model) {
        return best.get(model);
    }

    /**
     * @param model a model's name
     * @return its best-epoch file
     */
    public Path file(String model) {
        return files.apply(model);
    }
}
