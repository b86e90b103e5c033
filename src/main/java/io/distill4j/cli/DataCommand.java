package io.distill4j.cli;

import io.distill4j.data.ArchiveDatasets;
import io.distill4j.data.ArchiveStore;
import io.distill4j.data.DataCache;
import io.distill4j.data.Dataset;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code distill data fetch|import FILE|info}: obtain and inspect CIFAR-10 or CIFAR-100. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Download, import or inspect CIFAR-10 or CIFAR-100.",
        subcommands = {DataCommand.Fetch.class, DataCommand.Import.class, DataCommand.Info.class})
public final class DataCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "name a subcommand: fetch, import FILE or info");
    }

    /** What the subcommands share: the dataset and data directory options and output handling. */
    abstract static class DataSubcommand implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(
                names = "--dataset",
                paramLabel = "NAME",
                description = "cifar10 (default) or cifar100.")
        String dataset;

        @Option(
                names = "--labels",
                paramLabel = "fine|coarse",
                description =
                        "CIFAR-100 only: the 100 fine classes (default) or the 20 coarse"
                                + " super-classes.")
        String labels;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description =
                        "Data directory (default: $" + DataCache.DATA_DIR_ENV
                                + " if set, else ~/.distill4j/data).")
        Path dataDir;

        @Override
        public final Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            run(ArchiveDatasets.store(dataset, labels), DataCache.dataDir(dataDir), out);
            out.flush();
            return 0;
        }

        abstract void run(ArchiveStore store, Path dir, PrintWriter out) throws IOException;

        static void printReady(PrintWriter out, ArchiveStore store, Path dir, Dataset data) {
            out.println(
                    store.spec().title() + " ready in " + dir.resolve(store.spec().dirName())
                            + ": " + data.train().size() + " training and " + data.test().size()
                            + " test images, " + data.classCount() + " classes");
        }
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description =
                    "Download the dataset (about 170 MB), "
                            + "verify its MD5 and extract it; uses what is already in the data "
                            + "directory.")
    static final class Fetch extends DataSubcommand {
        @Override
        void run(ArchiveStore store, Path dir, PrintWriter out) throws IOException {
            printReady(out, store, dir, store.load(dir, true));
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description =
                    "Import the dataset from its official archive (cifar-10-binary.tar.gz,"
                            + " cifar-100-binary.tar.gz) or from the extracted directory"
                            + " (cifar-10-batches-bin, cifar-100-binary), for machines without"
                            + " internet.")
    static final class Import extends DataSubcommand {
        @Parameters(paramLabel = "FILE", description = "The archive or the extracted directory.")
        Path file;

        @Override
        void run(ArchiveStore store, Path dir, PrintWriter out) throws IOException {
            printReady(out, store, dir, store.importFrom(file, dir));
        }
    }

    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description =
                    "Describe the dataset: where it is and its size on disk, whether it is"
                            + " verified, image size, classes and images per class.")
    static final class Info extends DataSubcommand {
        @Override
        void run(ArchiveStore store, Path dir, PrintWriter out) throws IOException {
            out.print(store.info(dir));
        }
    }
}
