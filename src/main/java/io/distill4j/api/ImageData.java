package io.distill4j.api;

import io.distill4j.data.Dataset;
import io.distill4j.data.TrainingSplits;
import java.util.List;

/**
 * A data set of labelled images: its official training and test images and its class names, from
 * {@link Data}. Close it when done: an image folder's or a table's images are read from a cache file
 * that stays open until then (a data set in memory holds none); its {@link Splits} read no more after.
 */
public final class ImageData implements AutoCloseable {
    private final Dataset dataset;

    ImageData(Dataset dataset) {
        this.dataset = dataset;
    }

    /** @return its short name, e.g. {@code cifar10} or the folder's name */
    public String name() {
        return dataset.name();
    }

    /** @return one distinct name per class, in label order */
    public List<String> classNames() {
        return dataset.classNames();
    }

    /** @return the side of its square images */
    public int imageSide() {
        return dataset.imageSide();
    }

    /** @return the number of official training images (before the validation split) */
    public int trainImages() {
        return dataset.train().size();
    }

    /** @return the number of test images */
    public int testImages() {
        return dataset.test().size();
    }

    /** @return the files left out as undecodable ({@link FolderOptions#withSkipBadImages}), each with its reason */
    public List<String> skipped() {
        return dataset.skipped();
    }

    /**
     * @param options the train limit, validation fraction and split seed
     * @return its train / validation / test splits, all normalized with the training split's
     *     per-channel statistics, as the study makes them
     * @throws InvalidInputException if the training split would be empty
     */
    public Splits split(SplitOptions options) {
        return new Splits(TrainingSplits.of(dataset, options.engine()));
    }

    /** @return its splits with {@link SplitOptions#DEFAULT}: every training image, 10 % held out, seed 1 */
    public Splits split() {
        return split(SplitOptions.DEFAULT);
    }

    /** Releases the cache file its images are read from, if any. */
    @Override
    public void close() {
        dataset.close();
    }

    /** @return e.g. {@code cifar10: 50000 train, 10000 test images of 32×32, 10 classes} */
    @Override
    public String toString() {
        return name() + ": " + trainImages() + " train, " + testImages() + " test images of " + imageSide() + "×"
                + imageSide() + ", " + classNames().size() + " classes";
    }
}
