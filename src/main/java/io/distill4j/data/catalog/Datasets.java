package io.distill4j.data.catalog;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.data.archive.ArchiveDatasets;
import io.distill4j.data.folder.FolderOptions;
import io.distill4j.data.folder.ImageFolderDataset;
import io.distill4j.data.folder.UnlabelledFolder;
import io.distill4j.data.parquet.ParquetImages;
import io.distill4j.progress.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The datasets a study and {@code evaluate} read, by the names {@code --dataset} takes: one closed registry. */
public final class Datasets {
    /** Every dataset name, the default first. */
    public static final List<String> NAMES = List.of("cifar10", "cifar100", "folder", "parquet", "synthetic");
    /** Side of CIFAR's images, the only size those datasets come in. */
    public static final int CIFAR_SIDE = 32;

    private Datasets() {}

    /** @return the image side a dataset is read at unless told: 64 for an image folder or Parquet images, 32 for the others */
    public static int defaultImageSize(String dataset) {
        return "folder".equals(dataset) || "parquet".equals(dataset) ? FolderOptions.DEFAULT_IMAGE_SIZE : CIFAR_SIDE;
    }

    /**
     * What to read.
     *
     * @param dataset one of {@link #NAMES}
     * @param labels CIFAR-100's {@code fine} or {@code coarse} labels; {@code null} for the default
     *     and for the other datasets
     * @param dataDir the archives' cache, or the image folder's (the tables') root for {@code folder} ({@code parquet})
     * @param imageSize the side of the images: {@value #CIFAR_SIDE} for CIFAR, any for the others
     * @param cacheDir where an image folder's decoded cache goes; {@code null}: inside the folder
     * @param testFraction share of a folder without {@code train/} and {@code test/} held out as test set
     * @param splitSeed seed of that split
     * @param skipBadImages leave out undecodable images of a folder (listed in {@code config.json})
     *     instead of refusing the folder
     * @param unlabelledDir a folder of unlabelled images for the students ({@link UnlabelledFolder}), or {@code null}
     */
    public record Request(String dataset, String labels, Path dataDir, int imageSize, Path cacheDir,
            double testFraction, long splitSeed, boolean skipBadImages, Path unlabelledDir) {
        /** Checks the name and that CIFAR is asked for at its own size. */
        public Request {
            if (!NAMES.contains(dataset)) {
                throw new BadInputException(
                        "unknown dataset '" + dataset + "': valid datasets are " + String.join(", ", NAMES));
            }
            if (dataset.startsWith("cifar") && imageSize != CIFAR_SIDE) {
                throw new BadInputException("--image-size " + imageSize + " does not apply to " + dataset
                        + ", whose images are " + CIFAR_SIDE + "×" + CIFAR_SIDE + ": drop --image-size");
            }
        }

        /** A request without unlabelled images. */
        public Request(String dataset, String labels, Path dataDir, int imageSize, Path cacheDir,
                double testFraction, long splitSeed, boolean skipBadImages) {
            this(dataset, labels, dataDir, imageSize, cacheDir, testFraction, splitSeed, skipBadImages, null);
        }

        /** @return how to read the image folder this request names */
        public FolderOptions folderOptions() {
            return FolderOptions.of(dataDir, imageSize).withCacheDir(cacheDir).withTestSplit(testFraction, splitSeed)
                    .withSkipBadImages(skipBadImages);
        }

        /** A request with the defaults of everything but the name, labels and directory (CIFAR, synthetic). */
        public static Request of(String dataset, String labels, Path dataDir) {
            return new Request(dataset, labels, dataDir, CIFAR_SIDE, null, FolderOptions.DEFAULT_TEST_FRACTION,
                    FolderOptions.DEFAULT_SPLIT_SEED, false);
        }
    }

    /**
     * @param request what to read
     * @param console where a folder's first decoding reports progress
     * @return the dataset, downloading a published archive into the cache if it is missing, and
     *     decoding an image folder (and the unlabelled images) into its cache on first use
     * @throws IOException if reading fails
     * @throws BadInputException for data that is missing, corrupt or inconsistent
     */
    public static Dataset load(Request request, PrintStream console) throws IOException {
        Dataset data = switch (request.dataset()) {
            case "synthetic" -> new SyntheticCifar(1, request.imageSize(), ImageSet.CLASSES)
                    .generate(SyntheticCifar.DEFAULT_TRAIN, SyntheticCifar.DEFAULT_TEST);
            case "folder" -> ImageFolderDataset.open(request.folderOptions(), console).dataset();
            case "parquet" -> ParquetImages.open(request.folderOptions(), console, Progress.console(console));
            default -> ArchiveDatasets.store(request.dataset(), request.labels())
                    .load(request.dataDir(), true, Progress.console(console));
        };
        if (request.unlabelledDir() == null) {
            return data;
        }
        FolderOptions unlabelled = FolderOptions.of(request.unlabelledDir(), data.imageSide())
                .withCacheDir(request.cacheDir()).withSkipBadImages(request.skipBadImages());
        return data.withUnlabelled(UnlabelledFolder.open(unlabelled, data.classCount(), console));
    }
}
