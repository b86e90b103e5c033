package io.distill4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.Allocator;
import io.distill4j.AtomicFiles;
import io.distill4j.Json;
import io.distill4j.Libtorch;
import io.distill4j.Provenance;
import io.distill4j.bench.BenchConfig;
import io.distill4j.bench.BenchReport;
import io.distill4j.bench.Benchmark;
import io.distill4j.bench.Figure;
import io.distill4j.data.Dataset;
import io.distill4j.data.archive.Cifar10Store;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.data.folder.FolderOptions;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Precision;
import io.distill4j.launch.Launch;
import io.distill4j.model.DeviceChoice;
import io.distill4j.model.InputShape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distill bench}: throughput of every model, for comparison with {@code bench/torch_reference.py}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure throughput (img/s) of training, inference, distillation and the data pipeline.",
        description = "Training, inference, distillation, data-pipeline and epoch throughput (img/s) and the achieved"
                + " GFLOP/s against libtorch's matrix-multiply rate, on random data. Compare with plain PyTorch through"
                + " bench/compare.")
public final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = Json.mapper();

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", split = ",", paramLabel = "NAME",
            description = "Models to measure (see 'distill models'); 'zoo' stands for the 21 zoo models. Default: the"
                    + " four plain models.")
    List<String> models;

    @Option(names = "--batch", paramLabel = "N",
            description = "Images per step. Default: each model's own (128 at 32×32, 64 at 227×227).")
    int batch;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed steps before each figure. Default: ${DEFAULT-VALUE}.")
    int warmup = 2;

    @Option(names = "--repetitions", paramLabel = "N", description = "Timed repetitions per figure. Default: ${DEFAULT-VALUE}.")
    int repetitions = 5;

    @Option(names = "--seconds", paramLabel = "S", description = "Target length of one repetition. Default: ${DEFAULT-VALUE}.")
    double seconds = 4;

    @Option(names = "--matmul-side", paramLabel = "N", description = "Side of the matrix-multiply probe. Default: ${DEFAULT-VALUE}.")
    int matmulSide = 2048;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads. Default: all cores.")
    Integer threads;

    @Option(names = "--device", paramLabel = "cpu|gpu|auto",
            description = "Where to run: cpu, gpu, or auto (the GPU where libtorch sees one). Default: ${DEFAULT-VALUE}.")
    String device = "auto";

    @Option(names = "--precision", paramLabel = "fp32|bf16|auto",
            description = "Forward passes in float32, or in bfloat16 autocast (weights and optimizer float32); auto is bf16"
                    + " where the hardware has it. Default: ${DEFAULT-VALUE}.")
    String precision = "fp32";

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Read the pipeline and epoch figures' images from"
            + " this dataset's training set (cifar10, cifar100, folder) instead of synthetic images; the models take"
            + " its image size and class count.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The dataset's cache, or the image folder.")
    Path dataDir;

    @Option(names = "--image-size", paramLabel = "N", description = "Image side of a folder dataset. Default: 64.")
    Integer imageSize;

    @Override
    public Integer call() throws IOException {
        BenchConfig defaults = BenchConfig.defaults();
        Dataset data = dataset == null ? null : Datasets.load(new Datasets.Request(dataset, null,
                dataDir != null ? dataDir : Cifar10Store.defaultDataDir(),
                imageSize != null ? imageSize : Datasets.defaultImageSize(dataset),
                null, FolderOptions.DEFAULT_TEST_FRACTION, FolderOptions.DEFAULT_SPLIT_SEED, false), Main.console(spec));
        DeviceChoice choice = DeviceChoice.parse(device);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new io.distill4j.BadInputException("--threads must be at least 1, got " + n);
        }
        Launch.threads(n);
        ComputeDevice target = choice.resolve();
        BenchConfig config = new BenchConfig(models == null ? defaults.models() : withZoo(models), batch, warmup, repetitions,
                seconds, matmulSide, data == null ? InputShape.CIFAR10 : new InputShape(data.imageSide(), data.classCount()),
                Precision.resolve(precision, target));
        PrintWriter out = spec.commandLine().getOut();
        String engine = "distill4j " + Provenance.productVersion() + " (" + Provenance.codeVersion() + "), "
                + "JavaCPP PyTorch " + Provenance.enginePresets() + ", " + Libtorch.loaded().describe() + ", oneDNN fp32 math "
                + Provenance.convolutionMath() + ", " + config.precision().label();
        out.println(engine + ", " + n + " threads");
        out.println(Allocator.describe());
        out.flush();
        out.println(data == null ? "images: synthetic" : "images: " + data.name() + " training set (" + data.train().size()
                + " at " + data.imageSide() + "×" + data.imageSide() + ", " + data.fingerprint() + ")");
        BenchReport report = new Benchmark(config, target, line -> {
            out.println(line);
            out.flush();
        }, data == null ? null : data.train()).run(engine, n);
        out.println();
        table(report).forEach(out::println);
        if (report.process() != null) {
            out.println("process: " + report.process().describe());
        }
        out.flush();
        if (json != null) {
            byte[] bytes = JSON.writeValueAsString(report).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(json, o -> o.write(bytes));
            out.println("wrote " + json);
        }
        return 0;
    }

    /**
     * @param report measured figures
     * @return a fixed-width summary table of the medians
     */
    static List<String> table(BenchReport report) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("matmul %.0f GFLOP/s, data pipeline %.0f img/s (medians)",
                report.matmulGflops().median(), report.pipeline().median()));
        lines.add(String.format("%-12s %6s %10s %10s %10s %10s %8s %9s %8s", "model", "batch", "train", "infer",
                "distill", "epoch", "epoch/", "train", "of"));
        lines.add(String.format("%-12s %6s %10s %10s %10s %10s %8s %9s %8s", "", "", "img/s", "img/s", "img/s",
                "img/s", "bare", "GFLOP/s", "matmul"));
        for (BenchReport.ModelFigures m : report.models()) {
            lines.add(String.format("%-12s %6d %10.1f %10.1f %10s %10.1f %7.1f%% %9.1f %7.1f%%", m.model(), m.batch(),
                    m.train().median(), m.inference().median(), median(m.distill()), m.epoch().median(),
                    100 * m.epochShareOfBareLoop(), m.trainGflops().median(), 100 * m.rooflineShare()));
        }
        return lines;
    }

    private static String median(Figure f) {
        return f == null ? "—" : String.format("%.1f", f.median());
    }

    /** @return the names with {@code zoo} replaced by every zoo model */
    private static List<String> withZoo(List<String> names) {
        return names.stream().flatMap(n -> n.equals("zoo") ? io.distill4j.model.zoo.Zoo.names().stream()
                : java.util.stream.Stream.of(n)).toList();
    }
}
