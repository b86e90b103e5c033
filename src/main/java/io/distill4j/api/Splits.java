package io.distill4j.api;

import io.distill4j.data.TrainingSplits;
import java.util.List;

/**
 * The images a model trains, validates and is tested on ({@link ImageData#split}), and their
 * normalization: the training split's per-channel statistics, applied unchanged to every part. Its
 * images are read from its {@link ImageData}, which must stay open while they are used.
 */
public final class Splits {
    /** A part of the splits. */
    public enum Part {
        /** The images trained on. */
        TRAIN,
        /** The held-out part of the official training images, scored after every epoch. */
        VALIDATION,
        /** The data set's test images. */
        TEST;

        TrainingSplits.Part engine() {
            return TrainingSplits.Part.valueOf(name());
        }
    }

    private final TrainingSplits splits;

    Splits(TrainingSplits splits) {
        this.splits = splits;
    }

    /**
     * @param part a part
     * @return its number of images
     */
    public int size(Part part) {
        return splits.images(part.engine()).size();
    }

    /** @return the data set's name */
    public String dataName() {
        return splits.dataset().name();
    }

    /** @return the class names, in label order */
    public List<String> classNames() {
        return splits.dataset().classNames();
    }

    /** @return the side of the square images */
    public int imageSide() {
        return splits.dataset().imageSide();
    }

    TrainingSplits engine() {
        return splits;
    }

    /** @return e.g. {@code cifar10 splits: 45000 train, 5000 validation, 10000 test} */
    @Override
    public String toString() {
        return dataName() + " splits: " + size(Part.TRAIN) + " train, " + size(Part.VALIDATION) + " validation, "
                + size(Part.TEST) + " test";
    }
}
