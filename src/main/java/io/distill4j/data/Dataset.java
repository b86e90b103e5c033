package io.distill4j.data;

/**
 * A dataset as the study uses it: the official training and test sets.
 *
 * @param name short name, e.g. {@code cifar10}
 * @param train the training images (before the validation split)
 * @param test the test images
 */
public record Dataset(String name, ImageSet train, ImageSet test) {
    /** Checks that both sets hold images. */
    public Dataset {
        if (train.size() == 0 || test.size() == 0) {
            throw new io.distill4j.BadInputException(
                    "dataset " + name + " is empty (" + train.size() + " train, " + test.size()
                            + " test images)");
        }
    }
}
