package io.distill4j.cli;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.archive.ArchiveDatasets;
import io.distill4j.data.archive.ArchiveStore;
import io.distill4j.data.folder.FolderInfo;
import io.distill4j.data.folder.FolderOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code distill data fetch|import FILE|info}: obtain and inspect CIFAR-10 or CIFAR-100; inspect an
 * image folder.
 */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Download, import or inspect CIFAR-10 or CIFAR-100; inspect an image folder.",
        subcommands = {DataCommand.Fetch.class, DataCommand.Import.class, DataCommand.Info.class})
public final class DataCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "name a subcommand: fetch, import FILE or info");
    }

    /** What the subcommands share: the dataset options and output handling. */
    abstract static class DataSubcommand implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin DataOptions data;

        @Override
        public final Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (data.isFolder()) {
                runFolder(data.request(null).folderOptions(), out);
            } else {
                // The published archives only: their registry names the datasets this command takes.
                ArchiveStore store = ArchiveDatasets.store(data.dataset, data.labels);
                run(store, data.request(null).dataDir(), out);
            }
            out.flush();
            return 0;
        }

        abstract void run(ArchiveStore store, Path dir, PrintWriter out) throws IOException;

        /** An image folder is read where it is: only {@code info} applies. */
        void runFolder(FolderOptions options, PrintWriter out) throws IOException {
            throw new BadInputException(
                    "data " + spec.name() + " is for cifar10 and cifar100: an image folder is read"
                            + " where it is; use `distill data info --dataset folder --data-dir ROOT`");
        }

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
            printReady(out, store, dir, store.load(dir, true, Main.progress(spec)));
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
                            + " verified, image size, classes and images per class; for a folder"
                            + " also its cache.")
    static final class Info extends DataSubcommand {
        @Override
        void run(ArchiveStore store, Path dir, PrintWriter out) throws IOException {
            out.print(store.info(dir));
        }

        @Override
        void runFolder(FolderOptions options, PrintWriter out) throws IOException {
            out.print(FolderInfo.describe(options));
        }
    }
}
