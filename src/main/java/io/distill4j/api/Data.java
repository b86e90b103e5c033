package io.distill4j.api;

import io.distill4j.data.DataCache;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.data.archive.ArchiveDatasets;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.data.folder.ImageFolderDataset;
import io.distill4j.data.parquet.ParquetImages;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Step 1: a data set of labelled images ({@link ImageData}); {@link ImageData#split} then holds part
 * of its training images out for validation and computes the training split's per-channel
 * normalization, applied unchanged to validation and test, as the study does. Nothing here prints:
 * a download or a folder's first decoding reports to the {@link ProgressSink} passed, if any.
 */
public final class Data {
    /** Notes about a rebuilt image cache are not printed: the cache is rebuilt all the same. */
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private Data() {}

    /**
     * @param dataDir the archives' cache; {@code null} for {@code $DISTILL4J_DATA} or
     *     {@code ~/.distill4j/data}
     * @param progress where a download says how far it is, or {@link ProgressSink#SILENT}
     * @return CIFAR-10: 50,000 train and 10,000 test images of 32×32, 10 classes; downloaded
     *     (MD5-checked) into {@code dataDir} if it is not there yet
     * @throws InvalidInputException if the data is missing and cannot be downloaded, or is corrupt
     * @throws java.io.UncheckedIOException if the archive cannot be read or written
     */
    public static ImageData cifar10(Path dataDir, ProgressSink progress) {
        return new ImageData(Bridge.unchecked(() -> ArchiveDatasets.store("cifar10", null)
                .load(DataCache.dataDir(dataDir), true, Bridge.progress(progress))));
    }

    /**
     * @param dataDir the archives' cache; {@code null} for the default
     * @return CIFAR-10, downloaded silently if it is not there yet
     * @throws InvalidInputException if the data is missing and cannot be downloaded, or is corrupt
     * @throws java.io.UncheckedIOException if the archive cannot be read or written
     */
    public static ImageData cifar10(Path dataDir) {
        return cifar10(dataDir, ProgressSink.SILENT);
    }

    /**
     * @param dataDir the archives' cache; {@code null} for {@code $DISTILL4J_DATA} or
     *     {@code ~/.distill4j/data}
     * @param coarse the 20 coarse super-classes instead of the 100 fine classes
     * @return CIFAR-100: 50,000 train and 10,000 test images of 32×32; downloaded into
     *     {@code dataDir} if it is not there yet
     * @throws InvalidInputException if the data is missing and cannot be downloaded, or is corrupt
     * @throws java.io.UncheckedIOException if the archive cannot be read or written
     */
    public static ImageData cifar100(Path dataDir, boolean coarse) {
        return new ImageData(Bridge.unchecked(() -> Datasets.load(
                Datasets.Request.of("cifar100", coarse ? "coarse" : "fine", DataCache.dataDir(dataDir)), QUIET)));
    }

    /**
     * @param root one sub-folder of images per class, or {@code train/} and {@code test/} each
     *     holding one sub-folder per class
     * @param imageSize side of the square images made from each file (shorter side scaled to it,
     *     centre crop), 1 to 1024
     * @return the folder's images with the defaults of {@link FolderOptions#of}, decoded silently
     * @throws InvalidInputException for a folder without classes, a class without images, a corrupt
     *     image, an image size out of range
     * @throws java.io.UncheckedIOException if the folder cannot be read or the cache written
     */
    public static ImageData folder(Path root, int imageSize) {
        return folder(FolderOptions.of(root, imageSize), ProgressSink.SILENT);
    }

    /**
     * @param options the folder, image size, cache, test split and what to do with bad images
     * @param progress where the first decoding into the cache reports how far it is, or
     *     {@link ProgressSink#SILENT}
     * @return the folder's images, decoded once into a cache and read from it; close them when done
     * @throws InvalidInputException for a folder the options cannot read
     * @throws java.io.UncheckedIOException if the folder cannot be read or the cache written
     */
    public static ImageData folder(FolderOptions options, ProgressSink progress) {
        return new ImageData(Bridge.unchecked(() -> ImageFolderDataset.open(options.engine(), QUIET,
                Bridge.progress(progress)).dataset()));
    }

    /**
     * @param options the tables' root ({@code train/} and {@code test/}, or one table), image size, test
     *     split and what to do with undecodable rows
     * @return the images of Parquet tables of encoded image files with their labels (columns
     *     {@code image} and {@code label}; see "Your own images"), decoded row group by row group into
     *     a cache file as a folder's images are (a second open of unchanged tables reads the cache);
     *     close them when done
     * @throws InvalidInputException for tables without the columns, bad labels or (unless skipped) bad images
     * @throws java.io.UncheckedIOException if a table cannot be read
     */
    public static ImageData parquet(FolderOptions options) {
        return new ImageData(Bridge.unchecked(() -> ParquetImages.open(options.engine())));
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
    public static ImageData synthetic(int side, int classes, int trainImages, int testImages, long seed) {
        return new ImageData(new SyntheticCifar(seed, side, classes).generate(trainImages, testImages));
    }
}
