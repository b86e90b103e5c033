package io.distill4j.spark;

import io.distill4j.data.Dataset;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.launch.Launch;
import io.distill4j.store.ViewRow;
import io.distill4j.store.build.StoreBuild;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;

/**
 * One Spark task of a store build: the teacher's outputs on batches {@code [fromBatch, toBatch)}
 * of one seed's epoch. Runs in an executor, which opens the build (dataset and teacher) once from
 * the job's arguments and keeps it for every later task of that job.
 *
 * @param args the job's command line, from which every executor reads the same settings
 * @param seed the study seed
 * @param epoch the 1-based epoch
 * @param fromBatch the first batch
 * @param toBatch the batch after the last
 */
record ViewTask(List<String> args, long seed, int epoch, int fromBatch, int toBatch) implements Serializable {
    /** Each executor's open builds, by job arguments: one loaded teacher per executor. */
    private static final Map<List<String>, StoreBuild> OPEN = new ConcurrentHashMap<>();

    /**
     * @param seeds the store's seeds
     * @param epochs its epochs
     * @param batches batches per epoch
     * @param perTask batches per task
     * @param args the job's arguments
     * @return every task of the build, seed by seed, epoch by epoch
     */
    static List<ViewTask> plan(List<Long> seeds, int epochs, int batches, int perTask, List<String> args) {
        List<ViewTask> tasks = new ArrayList<>();
        for (long seed : seeds) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                for (int b = 0; b < batches; b += perTask) {
                    tasks.add(new ViewTask(List.copyOf(args), seed, epoch, b, Math.min(batches, b + perTask)));
                }
            }
        }
        return tasks;
    }

    /**
     * Computes this task's views; the teacher runs one task at a time per executor, on the libtorch
     * threads the settings give.
     *
     * @return one row per view, in {@link ViewSchema}'s columns
     * @throws IOException if the executor cannot read the dataset or teacher
     */
    List<Row> run() throws IOException {
        StoreBuild build = open(args);
        List<Row> rows = new ArrayList<>();
        StoreBuild.Options options = build.options();
        synchronized (build) {
            build.views(seed, epoch, fromBatch, toBatch, (first, samples, out) -> {
                for (ViewRow v : ViewRow.encode(first, samples, out, options.logits(), options.features())) {
                    rows.add(ViewSchema.row(v, seed, epoch));
                }
            });
        }
        return rows;
    }

    private static StoreBuild open(List<String> args) throws IOException {
        StoreBuild build = OPEN.get(args);
        if (build != null) {
            return build;
        }
        synchronized (OPEN) {
            build = OPEN.get(args);
            if (build == null) {
                Launch.prepareJvm();
                SparkTeacherOutputs job = SparkTeacherOutputs.parse(args);
                Dataset data = Datasets.load(job.config().dataRequest(), System.err);
                build = StoreBuild.open(job.config(), data, job.store().options(), job.store().device());
                OPEN.put(List.copyOf(args), build);
            }
            return build;
        }
    }

    /** Closes the builds this JVM opened (the driver's, in local mode, after the job). */
    static void closeAll() {
        synchronized (OPEN) {
            OPEN.values().forEach(StoreBuild::close);
            OPEN.clear();
        }
    }
}
