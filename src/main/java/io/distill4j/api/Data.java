package io.distill4j.api;

import io.distill4j.BadInputException;
import io.distill4j.data.DataCache;
import io.distill4j.data.Dataset;
import io.distill4j.data.SplitOptions;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.data.TrainingSplits;
import io.distill4j.data.archive.ArchiveDatasets;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.data.folder.FolderOptions;
import io.distill4j.data.folder.ImageFolderDataset;
import io.distill4j.data.parquet.ParquetImages;
import io.distill4j.progress.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Step 1: a dataset, and the splits a run uses. A {@link Dataset} holds the official train and
 * test images with their class names; {@link #split} holds part of the training images out for
 * validation and computes the training split's per-channel normalization, applied unchanged to
 * validation and test, as the study does.
 */
public final class Data {
    /** Notes about a rebuilt image cache are not printed: the cache is rebuilt all the same. */
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private Data() {}

    /**
     * @param dataDir the archives' cache; {@code null} for {@code $DISTILL4J_DATA} or
     *     {@code ~/.distill4j/data}
     * @return CIFAR-10: 50,000 train and 10,000 test images of 32×32, 10 classes; downloaded
     *     (MD5-checked) into {@code dataDir} if it is not there yet
     * @throws IOException if the archive cannot be read or written
     * @throws BadInputException if the data is missing and cannot be downloaded, or is corrupt
     */
    public static Dataset cifar10(Path dataDir) throws IOException {
        return cifar10(dataDir, Progress.SILENT);
    }

    /**
     * {@link #cifar10(Path)}, a download reporting to {@code progress}.
     *
     * @param dataDir the archives' cache, or {@code null} for the default
     * @param progress where a download says how far it is, e.g. {@code Progress.console(System.err)}
     * @return CIFAR-10
     * @throws IOException if the archive cannot be read or written
     */
    public static Dataset cifar10(Path dataDir, Progress progress) throws IOException {
        return ArchiveDatasets.store("cifar10", null).load(DataCache.dataDir(dataDir), true, progress);
    }

    /**
     * @param dataDir the archives' cache; {@code null} for {@code $DISTILL4J_DATA} or
     *     {@code ~/.distill4j/data}
     * @param coarse the 20 coarse super-classes instead of the 100 fine classes
     * @return CIFAR-100: 50,000 train and 10,000 test images of 32×32; downloaded into
     *     {@code dataDir} if it is not there yet
     * @throws IOException if the archive cannot be read or written
     * @throws BadInputException if the data is missing and cannot be downloaded, or is corrupt
     */
    public static Dataset cifar100(Path dataDir, boolean coarse) throws IOException {
        return Datasets.load(Datasets.Request.of("cifar100", coarse ? "coarse" : "fine", DataCache.dataDir(dataDir)),
                QUIET);
    }

    /**
     * @param root one sub-folder of images per class, or {@code train/} and {@code test/} each
     *     holding one sub-folder per class
     * @param imageSize side of the square images made from each file (shorter side scaled to it,
     *     centre crop), 1 to 1024
     * @return the folder's images: decoded once into a cache in {@code ROOT/.distill4j-cache}
     *     (silently; see {@link #folder(FolderOptions, Progress)}), 20 % of each class held out as
     *     test set when the folder has no {@code test/}
     * @throws IOException if the folder cannot be read or the cache written
     * @throws BadInputException for a folder without classes, a class without images, a corrupt
     *     image, an image size out of range
     */
    public static Dataset folder(Path root, int imageSize) throws IOException {
        return folder(FolderOptions.of(root, imageSize));
    }

    /**
     * @param options the folder, image size, cache, test split and what to do with bad images
     * @return the folder's images
     * @throws IOException if the folder cannot be read or the cache written
     * @throws BadInputException for a folder the options cannot read
     */
    public static Dataset folder(FolderOptions options) throws IOException {
        return folder(options, Progress.SILENT);
    }

    /**
     * @param options the folder, image size, cache, test split and what to do with bad images
     * @param progress where the first decoding into the cache reports how far it is, e.g. {@code
     *     Progress.console(System.err)} for the command line's bars
     * @return the folder's images
     * @throws IOException if the folder cannot be read or the cache written
     * @throws BadInputException for a folder the options cannot read
     */
    public static Dataset folder(FolderOptions options, Progress progress) throws IOException {
        return ImageFolderDataset.open(options, QUIET, progress).dataset();
    }

    /**
     * @param options the tables' root ({@code train/} and {@code test/}, or one table), image size, test
     *     split and what to do with undecodable rows
     * @return the images of Parquet tables of encoded image files with their labels ({@link ParquetImages})
     * @throws IOException if a table cannot be read
     * @throws BadInputException for tables without the columns, bad labels or (unless skipped) bad images
     */
    public static Dataset parquet(FolderOptions options) throws IOException {
        return ParquetImages.open(options);
    }

    /**
     * @param side image side, 1 to 1024
     * @param classes number of classes, at least 2
     * @param trainImages training images
     * @param testImages test images
     * @param seed seed of the images
     * @return seeded random images whose classes differ in colour and texture: for trying things
     *     out without any download
     */
    public static Dataset synthetic(int side, int classes, int trainImages, int testImages, long seed) {
        return new SyntheticCifar(seed, side, classes).generate(trainImages, testImages);
    }

    /**
     * @param data a dataset
     * @param options the train limit, validation fraction and split seed
     * @return its train / validation / test splits, normalized with the training split's statistics
     * @throws BadInputException if the training split would be empty
     */
    public static TrainingSplits split(Dataset data, SplitOptions options) {
        return TrainingSplits.of(data, options);
    }

    /**
     * @param data a dataset
     * @return its splits as the study makes them ({@link SplitOptions#DEFAULT}: every training
     *     image, 10 % held out for validation, seed 1)
     */
    public static TrainingSplits split(Dataset data) {
        return split(data, SplitOptions.DEFAULT);
    }
}
