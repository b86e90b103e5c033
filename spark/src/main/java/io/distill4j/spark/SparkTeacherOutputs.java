package io.distill4j.spark;

import io.distill4j.Allocator;
import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.launch.Launch;
import io.distill4j.launch.SettingOptions;
import io.distill4j.settings.StudyConfig;
import io.distill4j.store.StoreManifest;
import io.distill4j.store.TeacherStore;
import io.distill4j.store.build.StoreBuild;
import io.distill4j.store.build.StoreOptions;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code spark-submit --class io.distill4j.spark.SparkTeacherOutputs distill4j-spark.jar …}: the
 * store of {@code distill teacher-outputs}, with the views computed by Spark executors. The driver
 * opens the data, scores the teacher ({@code teacher/}) and splits every seed's epoch into tasks of
 * a few batches; each executor opens the same settings once (one loaded teacher), computes its
 * tasks' views exactly as the single-process build does (the epoch's generator is advanced past the
 * batches before a task's first), and the DataFrame writer writes {@code views/seed=S/epoch=E/};
 * the driver then writes the test-set logits and {@code store.json} last. Every path (data,
 * teacher, settings file, store) must be one that the driver and every executor see.
 */
@Command(name = "distill4j-spark", mixinStandardHelpOptions = true, modelTransformer = SettingOptions.class,
        description = {"Build a teacher-output store (as `distill teacher-outputs`) on Apache Spark: run it with"
                + " spark-submit; the same options as `distill teacher-outputs`, plus --batches-per-task."})
public final class SparkTeacherOutputs implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions store;

    @Option(names = "--batches-per-task", paramLabel = "N",
            description = "Training batches per Spark task (its unit of work and of retry). Default: ${DEFAULT-VALUE}.")
    int batchesPerTask = 8;

    private StudyConfig config;

    /** @param args the job's options: see {@code --help} */
    public static void main(String[] args) {
        Launch.prepareJvm();
        System.exit(Launch.commandLine(new SparkTeacherOutputs()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        SparkSession spark;
        try {
            SparkSession.Builder builder = SparkSession.builder().appName("distill4j teacher-outputs");
            allocatorSettings(new SparkConf()).forEach(builder::config);
            spark = builder.getOrCreate();
        } catch (Exception e) { // Spark's own SparkException is checked, but Scala does not declare it
            throw new BadInputException("Spark did not start (" + e.getMessage()
                    + "): run the job with spark-submit and check its --master and --conf settings");
        }
        try {
            StoreManifest m = run(spark, spec.commandLine().getParseResult().originalArgs());
            spec.commandLine().getOut().printf("Teacher outputs of %s: %d seeds × %d epochs × %d views in %s%n",
                    m.teacher().architecture(), m.views().seeds().size(), m.views().epochs(), m.views().trainImages(),
                    store.out().toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            spark.stop();
        }
    }

    /**
     * Sets the executors' environment so that glibc keeps freed tensor memory in their processes
     * ({@link Allocator}), unless the submitted configuration sets a value itself. The driver's own
     * environment (and, in local mode, the executors': they are its threads) is the shell's that
     * starts spark-submit.
     *
     * @param submitted the configuration spark-submit passed
     * @return the {@code spark.executorEnv.*} settings to add to it
     */
    static Map<String, String> allocatorSettings(SparkConf submitted) {
        Map<String, String> conf = new LinkedHashMap<>();
        Allocator.KEEP_FREED_MEMORY.forEach((name, value) -> {
            String key = "spark.executorEnv." + name;
            if (!submitted.contains(key)) {
                conf.put(key, value);
            }
        });
        return conf;
    }

    /**
     * Builds the store on a running Spark session.
     *
     * @param spark the session (local mode in tests, the cluster's under spark-submit)
     * @param args this job's options, which the executors parse again
     * @return the store's manifest
     * @throws IOException if the driver cannot read the data or write the store
     */
    public static StoreManifest run(SparkSession spark, List<String> args) throws IOException {
        SparkTeacherOutputs job = parse(args);
        if (job.batchesPerTask <= 0) {
            throw new BadInputException("--batches-per-task " + job.batchesPerTask + " must be at least 1");
        }
        StoreBuild.Options options = job.store.options();
        job.store.requireNewStore();
        StudyConfig config = job.config();
        Dataset data = Datasets.load(config.dataRequest(), System.err);
        long start = System.nanoTime();
        try (StoreBuild build = StoreBuild.start(config, data, options, job.store.out(), job.store.device())) {
            List<ViewTask> tasks = ViewTask.plan(build.views().seeds(), build.views().epochs(), build.batchesPerEpoch(),
                    job.batchesPerTask, args);
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaRDD<Row> rows = sc.parallelize(tasks, tasks.size()).flatMap(t -> t.run().iterator());
            long viewsStart = System.nanoTime();
            spark.createDataFrame(rows, ViewSchema.of(options)).write()
                    .partitionBy(ViewSchema.SEED, ViewSchema.EPOCH).mode(SaveMode.ErrorIfExists)
                    .parquet(job.store.out().resolve(TeacherStore.VIEWS).toUri().toString());
            double viewSeconds = (System.nanoTime() - viewsStart) / 1e9;
            long views = (long) build.views().seeds().size() * build.views().epochs() * build.views().trainImages();
            System.err.printf("views: %d in %.1f s (%.0f views/s), %d Spark tasks on %s%n", views, viewSeconds,
                    views / viewSeconds, tasks.size(), sc.master());
            Map<String, Object> how = new LinkedHashMap<>();
            how.put("version", spark.version());
            how.put("master", sc.master());
            how.put("tasks", tasks.size());
            how.put("batchesPerTask", job.batchesPerTask);
            return build.finish(job.store.out(), (System.nanoTime() - start) / 1e9, Map.of("spark", how));
        } finally {
            ViewTask.closeAll();
        }
    }

    /**
     * @param args the job's options
     * @return the job they describe, its settings read
     * @throws IOException if the settings file cannot be read
     */
    static SparkTeacherOutputs parse(List<String> args) throws IOException {
        SparkTeacherOutputs job = new SparkTeacherOutputs();
        new CommandLine(job).parseArgs(args.toArray(String[]::new));
        job.config = job.store.config(job.spec);
        return job;
    }

    /** @return the study settings */
    StudyConfig config() {
        return config;
    }

    /** @return the store options */
    StoreOptions store() {
        return store;
    }
}
