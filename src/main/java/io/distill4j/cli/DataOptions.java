package io.distill4j.cli;

import io.distill4j.data.Datasets;
import io.distill4j.data.Cifar10Store;
import io.distill4j.data.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dataset} and {@code --data-dir} options shared by commands that read images. */
public final class DataOptions {
    @Option(names = "--dataset", description = "cifar10 (default), cifar100 or synthetic (generated, offline).")
    String dataset;

    @Option(names = "--labels", paramLabel = "fine|coarse",
            description = "CIFAR-100's labels: fine (100 classes, default) or coarse (20 super-classes).")
    String labels;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Dataset cache directory. Default: $DISTILL4J_DATA or ~/.distill4j/data.")
    Path dataDir;

    /** @return the data directory in effect */
    public Path dataDir() {
        return dataDir != null ? dataDir : Cifar10Store.defaultDataDir();
    }

    /**
     * @return the dataset, downloading CIFAR-10 into the cache if it is missing
     * @throws IOException if reading fails
     */
    public Dataset load() throws IOException {
        return load(dataset != null ? dataset : "cifar10", labels, dataDir());
    }

    /**
     * @param dataset {@code cifar10}, {@code cifar100} or {@code synthetic}
     * @param labels CIFAR-100's {@code fine} or {@code coarse} labels; {@code null} for the default
     * @param dataDir the datasets' cache
     * @return the dataset, downloading its archive into the cache if it is missing
     * @throws IOException if reading fails
     */
    public static Dataset load(String dataset, String labels, Path dataDir) throws IOException {
        return Datasets.load(Datasets.Request.of(dataset, labels, dataDir), System.err);
    }
}
