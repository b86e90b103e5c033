package io.distill4j.cli;

import io.distill4j.data.Cifar10Binary;
import io.distill4j.data.Cifar10Store;
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

/** {@code distill data fetch|import FILE|info}: obtain and inspect CIFAR-10. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Download, import or inspect CIFAR-10.",
        subcommands = {DataCommand.Fetch.class, DataCommand.Import.class, DataCommand.Info.class})
public final class DataCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "name a subcommand: fetch, import FILE or info");
    }

    /** What the subcommands share: the data directory option and output handling. */
    abstract static class DataSubcommand implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description =
                        "Data directory (default: $" + Cifar10Store.DATA_DIR_ENV
                                + " if set, else ~/.distill4j/data).")
        Path dataDir;

        @Override
        public final Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            run(new Cifar10Store(), dataDir != null ? dataDir : Cifar10Store.defaultDataDir(), out);
            out.flush();
            return 0;
        }

        abstract void run(Cifar10Store store, Path dir, PrintWriter out) throws IOException;

        static void printReady(PrintWriter out, Path dir, Dataset data) {
            out.println(
                    "CIFAR-10 ready in " + dir.resolve(Cifar10Binary.DIR_NAME) + ": "
                            + data.train().size() + " training and " + data.test().size()
                            + " test images");
        }
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description =
                    "Download CIFAR-10 (about 170 MB), verify its MD5 and extract it; "
                            + "uses what is already in the data directory.")
    static final class Fetch extends DataSubcommand {
        @Override
        void run(Cifar10Store store, Path dir, PrintWriter out) throws IOException {
            printReady(out, dir, store.load(dir, true));
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description =
                    "Import CIFAR-10 from the official cifar-10-binary.tar.gz or from an extracted"
                        + " cifar-10-batches-bin directory (for machines without internet).")
    static final class Import extends DataSubcommand {
        @Parameters(paramLabel = "FILE", description = "The archive or the extracted directory.")
        Path file;

        @Override
        void run(Cifar10Store store, Path dir, PrintWriter out) throws IOException {
            printReady(out, dir, store.importFrom(file, dir));
        }
    }

    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = "Show where the data is, whether it is verified, and images per class.")
    static final class Info extends DataSubcommand {
        @Override
        void run(Cifar10Store store, Path dir, PrintWriter out) throws IOException {
            out.print(store.info(dir));
        }
    }
}
