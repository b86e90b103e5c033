package io.distill4j.bench;

import io.distill4j.Allocator;
import io.distill4j.data.BatchSource;
import io.distill4j.data.ImageSet;
import io.distill4j.data.Normalization;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.distill.ResponseKd;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Precision;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import io.distill4j.train.Learner;
import io.distill4j.train.MetricsHistory;
import io.distill4j.train.OptimizerConfig;
import io.distill4j.train.SgdMomentum;
import io.distill4j.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Measures training, inference, distillation, data-pipeline and end-to-end epoch throughput of the
 * registered models on random data, and the machine's matrix-multiply rate. Every figure is the
 * median of timed repetitions after untimed warm-up steps; the number of steps per repetition is
 * derived from the warm-up so that each repetition lasts about {@link BenchConfig#secondsPerRepetition()}.
 * {@code bench/torch_reference.py} measures the same figures in plain PyTorch.
 */
public final class Benchmark {
    /** Teacher of each student model in the distillation step: the study's pairings. */
    public static final Map<String, String> TEACHERS = Map.of("student-cnn", "alexnet", "student-227", "alexnet-227");
    /** The optimizer of every timed training step: SGD, momentum 0.9, weight decay 5e-4, constant rate. */
    static final OptimizerConfig SGD = new OptimizerConfig(0.01, 0.9, 5e-4, 0, OptimizerConfig.Schedule.CONSTANT);
    private static final int PRELOADED_BATCHES = 4;
    private static final int PIPELINE_BATCHES = 40;
    private static final long SEED = 1;

    private final BenchConfig config;
    private final Consumer<String> progress;
    private final ComputeDevice device;
    private final ImageSet data;

    /**
     * @param config what to measure
     * @param device where the models run
     * @param progress receives one line per finished figure
     */
    public Benchmark(BenchConfig config, ComputeDevice device, Consumer<String> progress) {
        this(config, device, progress, null);
    }

    /**
     * @param config what to measure
     * @param device where the models run
     * @param progress receives one line per finished figure
     * @param data images the pipeline and epoch figures read (a dataset's training set, from its
     *     own store: CIFAR's arrays or a folder's cache), or {@code null} for synthetic images
     */
    public Benchmark(BenchConfig config, ComputeDevice device, Consumer<String> progress, ImageSet data) {
        this.config = config;
        this.device = device;
        this.progress = progress;
        this.data = data;
    }

    /**
     * @param engine description of the engine, for the report
     * @param threads libtorch's intra-op threads, for the report
     * @return every figure
     */
    public BenchReport run(String engine, int threads) {
        ProcessCounters start = ProcessCounters.now();
        {
            Figure matmul = matmul();
            Figure pipeline = pipeline(config.batchFor(config.models().get(0)));
            List<BenchReport.ModelFigures> models = new ArrayList<>();
            for (String model : config.models()) {
                models.add(model(model, matmul));
            }
            ProcessCounters end = ProcessCounters.now();
            return new BenchReport(engine, threads, matmul, pipeline, models, Allocator.describe(),
                    start == null || end == null ? null : end.since(start));
        }
    }

    /** One unit of timed work; {@code i} counts the calls. */
    @FunctionalInterface
    interface Work {
        void run(int i);
    }

    /** The timed loop's outcome: the figure and how many calls one repetition made. */
    record Timed(Figure figure, int callsPerRepetition) {}

    /**
     * @param what name of the figure, for progress
     * @param unitsPerCall units (images, GFLOP) one call processes
     * @param work the work
     * @return units per second over the repetitions
     */
    Timed time(String what, double unitsPerCall, Work work) {
        long t0 = System.nanoTime();
        for (int i = 0; i < config.warmup(); i++) {
            work.run(i);
        }
        double perCall = (System.nanoTime() - t0) / 1e9 / config.warmup();
        int calls = Math.max(1, (int) Math.round(config.secondsPerRepetition() / perCall));
        double[] rates = new double[config.repetitions()];
        int done = config.warmup();
        for (int r = 0; r < rates.length; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                work.run(done++);
            }
            rates[r] = calls * unitsPerCall / ((System.nanoTime() - s) / 1e9);
        }
        return new Timed(report(what, rates, rates.length + " × " + calls + " calls"), calls);
    }

    private Figure matmul() {
        int n = config.matmulSide();
        try (PointerScope scope = new PointerScope()) {
            ScalarType type = config.precision() == Precision.BF16 ? ScalarType.BFloat16 : ScalarType.Float;
            Tensor a = torch.randn(n, n).to(type);
            Tensor b = torch.randn(n, n).to(type);
            return time("matmul " + n + "² " + config.precision().label() + " GFLOP/s", 2.0 * n * n * n / 1e9, i -> {
                try (PointerScope step = new PointerScope()) {
                    a.mm(b).sum().item_float();
                }
            }).figure();
        }
    }

    private Figure pipeline(int batch) {
        BatchSource source = source(PIPELINE_BATCHES * batch, batch, 7);
        int[] order = source.epochOrder(SEED, 1);
        Random rng = BatchSource.augmentationRandom(SEED, 1);
        return time("data pipeline img/s", batch, i -> {
            try (PointerScope scope = new PointerScope()) {
                source.batch(order, i % source.batchesPerEpoch(), true, rng).images().numel();
            }
        }).figure();
    }

    private BenchReport.ModelFigures model(String model, Figure matmul) {
        int batch = config.batchFor(model);
        try (PointerScope data = new PointerScope();
                Network net = Network.create(model, SEED, device, config.input())) {
            net.computeIn(config.precision());
            List<BatchSource.Batch> batches = randomBatches(batch, config.input());
            Learner learner = new Learner(model, net, CrossEntropy.INSTANCE, new SgdMomentum(SGD));
            Timed train = time(model + " train img/s", batch,
                    i -> onBatch(batches.get(i % batches.size()),
                            b -> TrainingLoop.step(learner, b, null, 0, SGD.learningRate())));
            Figure inference = time(model + " inference img/s", batch,
                    i -> onBatch(batches.get(i % batches.size()), b -> net.forward(b.images(), false))).figure();
            Figure epoch = epoch(learner, train.callsPerRepetition() * batch, batch);
            String teacherName = TEACHERS.get(model);
            Figure distill = teacherName == null ? null : distill(model, teacherName, batches);
            long macs = net.macsPerImage();
            Figure gflops = train.figure().times(6.0 * macs / 1e9);
            return new BenchReport.ModelFigures(model, batch, net.trainableParameters(), macs, train.figure(),
                    inference, teacherName, distill, epoch, gflops, gflops.median() / matmul.median());
        }
    }

    private Figure distill(String model, String teacherName, List<BatchSource.Batch> batches) {
        try (Network student = Network.create(model, SEED + 1, device, config.input());
                Network teacher = Network.create(teacherName, SEED, device, config.input())) {
            teacher.freeze();
            student.computeIn(config.precision());
            teacher.computeIn(config.precision());
            Learner learner = new Learner(model, student, ResponseKd.of(0.5, 4), new SgdMomentum(SGD));
            int batch = batches.get(0).size();
            return time(model + " distill step img/s (" + teacherName + ")", batch,
                    i -> onBatch(batches.get(i % batches.size()), b -> {
                        ModelOutput t = teacher.forward(b.images(), false, Set.of());
                        TrainingLoop.step(learner, b, t, 0, SGD.learningRate());
                    })).figure();
        }
    }

    /** Epochs of the product's loop over {@code images} images (synthetic or the given data's), augmented. */
    private Figure epoch(Learner learner, int images, int batch) {
        BatchSource train = source(images, batch, 11);
        BatchSource validation = source(batch, batch, 13);
        TrainingLoop loop = new TrainingLoop(List.of(new MetricsHistory()));
        double[] rates = new double[config.repetitions()];
        for (int r = 0; r < rates.length; r++) {
            TrainingLoop.PhaseTiming t = loop.run(new TrainingLoop.Plan("bench", 1, 1, SEED + r, true, false),
                    List.of(learner), null, train, validation);
            rates[r] = t.images() / (t.totalSeconds() - t.evalSeconds());
        }
        return report(learner.name() + " epoch img/s", rates, rates.length + " epochs of " + images + " images");
    }

    private Figure report(String what, double[] rates, String detail) {
        Figure f = Figure.of(rates);
        progress.accept(String.format("%-34s median %10.1f  min %10.1f  max %10.1f  (%s)",
                what, f.median(), f.min(), f.max(), detail));
        return f;
    }

    private static void onBatch(BatchSource.Batch batch, Consumer<BatchSource.Batch> work) {
        try (PointerScope scope = new PointerScope()) {
            work.accept(batch);
        }
    }

    private static List<BatchSource.Batch> randomBatches(int batch, InputShape input) {
        List<BatchSource.Batch> batches = new ArrayList<>();
        for (int i = 0; i < PRELOADED_BATCHES; i++) {
            batches.add(new BatchSource.Batch(
                    torch.randn(batch, 3, input.side(), input.side()),
                    torch.randint(0L, (long) input.classes(), new long[] {batch})));
        }
        return batches;
    }

    /** @return a source of {@code images} images: the first of the given data, or synthetic ones drawn with {@code seed} */
    private BatchSource source(int images, int batch, long seed) {
        ImageSet set = data != null ? data.head(Math.min(images, data.size()))
                : new SyntheticCifar(seed).generate(images, 1).train();
        return new BatchSource(set, Normalization.of(set), batch);
    }
}
