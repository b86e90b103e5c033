package io.distill4j.data;

/**
 * The images a run trains, validates and tests on, and how it normalizes them: the training split's
 * per-channel statistics, applied unchanged to validation and (unless told otherwise) test images.
 *
 * @param dataset the dataset the splits come from (its class names, name and fingerprint)
 * @param split the training images (after the train limit) split into train and validation
 * @param norm the normalization of the train and validation images
 * @param testNorm the normalization of the test images
 */
public record TrainingSplits(Dataset dataset, Split split, Normalization norm, Normalization testNorm) {
    /** A part of the data. */
    public enum Part {
        /** The images trained on. */
        TRAIN,
        /** The held-out part of the official training set. */
        VALIDATION,
        /** The dataset's test set. */
        TEST
    }

    /**
     * @param data a dataset
     * @param options the train limit, validation fraction and split seed
     * @return the splits, normalized with the training split's statistics throughout
     * @throws io.distill4j.BadInputException if the training split would be empty
     */
    public static TrainingSplits of(Dataset data, SplitOptions options) {
        ImageSet all = options.trainLimit() > 0 ? data.train().head(options.trainLimit()) : data.train();
        Split split = Split.holdOut(all, options.validationFraction(), options.splitSeed());
        Normalization norm = Normalization.of(split.train());
        return new TrainingSplits(data, split, norm, norm);
    }

    /**
     * @return the images students train on: the dataset's unlabelled images where it has them
     *     ({@code --unlabelled-dir}), else the training split
     */
    public ImageSet studentTrain() {
        return dataset.unlabelled() != null ? dataset.unlabelled().images() : split.train();
    }

    /** @return the dataset's test images */
    public ImageSet test() {
        return dataset.test();
    }

    /**
     * @param part a part
     * @return its images
     */
    public ImageSet images(Part part) {
        return switch (part) {
            case TRAIN -> split.train();
            case VALIDATION -> split.validation();
            case TEST -> dataset.test();
        };
    }

    /**
     * @param part a part
     * @param batchSize images per batch
     * @return its images as batches, in their normalization
     */
    public BatchSource batches(Part part, int batchSize) {
        return new BatchSource(images(part), part == Part.TEST ? testNorm : norm, batchSize);
    }

    /**
     * @param normalization the normalization of every part (a saved model's own)
     * @return these splits normalized with it instead
     */
    public TrainingSplits withNormalization(Normalization normalization) {
        return new TrainingSplits(dataset, split, normalization, normalization);
    }

    /**
     * @param normalization the test images' normalization (ImageNet's under {@code --legacy-notebook-loss})
     * @return these splits with the test images normalized with it
     */
    public TrainingSplits withTestNormalization(Normalization normalization) {
        return new TrainingSplits(dataset, split, norm, normalization);
    }
}
