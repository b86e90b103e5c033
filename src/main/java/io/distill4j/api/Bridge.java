package io.distill4j.api;

import io.distill4j.progress.Progress;
import io.distill4j.train.EpochMetrics;
import io.distill4j.train.Learner;
import io.distill4j.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** The API's boundary: its callbacks as the engine's, and the one rule for I/O failures. */
final class Bridge {
    private Bridge() {}

    /** Work that reads or writes files. */
    interface IoWork<T> {
        T run() throws IOException;
    }

    /**
     * @param work work on files
     * @return its result
     * @throws UncheckedIOException wrapping any {@link IOException}, its message kept
     */
    static <T> T unchecked(IoWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    static Progress progress(ProgressSink sink) {
        if (sink == null) {
            throw new InvalidInputException("no progress sink given: pass ProgressSink.SILENT to report nothing");
        }
        return (name, total, unit) -> {
            ProgressSink.Task task = sink.start(name, total, unit);
            return new Progress.Task() {
                @Override
                public void advance(long units) {
                    task.advance(units);
                }

                @Override
                public void close() {
                    task.close();
                }
            };
        };
    }

    static List<TrainingListener> listeners(TrainingObserver... observers) {
        return Arrays.stream(observers).map(Bridge::listener).toList();
    }

    private static TrainingListener listener(TrainingObserver o) {
        if (o == null) {
            throw new InvalidInputException("a training observer is null: pass only observers, or none");
        }
        return new TrainingListener() {
            @Override
            public void onPhaseStart(String phase, List<String> models, int epochs, int batchesPerEpoch) {
                o.phaseStarted(phase, models, epochs, batchesPerEpoch);
            }

            @Override
            public void onBatch(int epoch, int batch, int images) {
                o.batchFinished(epoch, batch, images);
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                o.epochFinished(new EpochReport(m.model(), m.epoch(), m.trainLoss(), m.valLoss(), m.valAcc(), m.lr(),
                        m.seconds()));
            }

            @Override
            public void onEpochEnd(String phase, int epoch, List<Learner> learners) {}

            @Override
            public void onPhaseEnd(String phase) {
                o.phaseFinished(phase);
            }
        };
    }
}
