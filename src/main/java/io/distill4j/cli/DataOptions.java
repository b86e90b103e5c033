package io.distill4j.cli;

import io.distill4j.BadInputException;
import io.distill4j.data.DataCache;
import io.distill4j.data.Dataset;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.data.folder.FolderOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that name a dataset, shared by the commands that read one ({@code data}, {@code evaluate}). */
public final class DataOptions {
    static final String FOLDER = "folder";
    private static final String PARQUET = "parquet";

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "cifar10 (default), cifar100, folder (--data-dir is then the image folder), parquet (--data-dir:"
                    + " the tables of image bytes) or synthetic.")
    String dataset;

    @Option(names = "--labels", paramLabel = "fine|coarse",
            description = "CIFAR-100 only: the 100 fine classes (default) or the 20 coarse super-classes.")
    String labels;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $" + DataCache.DATA_DIR_ENV + " if set, else ~/.distill4j/data);"
                    + " for --dataset folder, the image folder.")
    Path dataDir;

    @Option(names = "--image-size", paramLabel = "N",
            description = "Folder only: side of the square images (default: the weights' input size, else 64).")
    Integer imageSize;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Folder or Parquet only: where the decoded cache is (default ROOT/.distill4j-cache).")
    Path cacheDir;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "Folder without test/: share of each class held out for test (default 0.2, split seed 1).")
    Double testFraction;

    /** @return {@code true} when {@code --dataset folder} is given */
    boolean isFolder() {
        return FOLDER.equals(dataset);
    }

    /** @return the options given that only a folder takes, {@code null} when none is */
    String folderOnlyOptionGiven() {
        return imageSize != null ? "--image-size"
                : cacheDir != null ? "--cache-dir" : testFraction != null ? "--test-fraction" : null;
    }

    /** @return the data directory in effect: the option, else the default cache */
    public Path dataDir() {
        return DataCache.dataDir(dataDir);
    }

    /**
     * @param side the image side a folder is read at when {@code --image-size} is not given (a
     *     model's input side), {@code null} for the folder default
     * @return what to read
     * @throws BadInputException for options that do not apply to the dataset
     */
    public Datasets.Request request(Integer side) {
        if (isFolder() || PARQUET.equals(dataset)) {
            if (labels != null) {
                throw new BadInputException("--labels applies to cifar100 only: drop it for --dataset " + dataset);
            }
            if (dataDir == null) {
                throw new BadInputException("--dataset " + dataset + " needs --data-dir ROOT, the image folder (the tables' root)");
            }
            int size = imageSize != null ? imageSize : side != null ? side : Datasets.defaultImageSize(dataset);
            return new Datasets.Request(dataset, null, dataDir, size, cacheDir,
                    testFraction == null ? FolderOptions.DEFAULT_TEST_FRACTION : testFraction,
                    FolderOptions.DEFAULT_SPLIT_SEED, false);
        }
        String folderOnly = folderOnlyOptionGiven();
        if (folderOnly != null) {
            throw new BadInputException(folderOnly + " applies to --dataset folder only: CIFAR images are 32 × 32"
                    + " and come split; drop " + folderOnly);
        }
        return Datasets.Request.of(dataset != null ? dataset : "cifar10", labels, dataDir());
    }

    /**
     * @param side the side a folder is read at unless {@code --image-size} says otherwise
     * @param console where a download or a folder's first decoding reports progress
     * @return the dataset, downloading a published archive into the cache if it is missing and
     *     decoding a folder into its cache on first use
     * @throws IOException if reading fails
     */
    public Dataset load(Integer side, java.io.PrintStream console) throws IOException {
        return Datasets.load(request(side), console);
    }
}
