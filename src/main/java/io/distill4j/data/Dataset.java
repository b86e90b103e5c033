package io.distill4j.data;

import io.distill4j.BadInputException;
import java.util.HashSet;
import java.util.List;

/**
 * A dataset as the study uses it: the official training and test sets and the names of their
 * classes.
 *
 * @param name short name, e.g. {@code cifar10}
 * @param train the training images (before the validation split)
 * @param test the test images
 * @param classNames one distinct name per class, in label order
 * @param fingerprint identifies the data: for an image folder its cache fingerprint (files, sizes,
 *     modification times, image size), for a published dataset its name
 * @param skipped files left out by {@code --skip-bad-images}, each with its reason (recorded in
 *     {@code config.json})
 * @param unlabelled images without labels that replace the training split as the students' training
 *     images ({@code --unlabelled-dir}), or {@code null}
 */
public record Dataset(
        String name, ImageSet train, ImageSet test, List<String> classNames, String fingerprint,
        List<String> skipped, UnlabelledImages unlabelled) implements AutoCloseable {
    /** Checks that both sets hold images and agree with the class names. */
    public Dataset {
        if (train.size() == 0 || test.size() == 0) {
            throw new BadInputException(
                    "dataset " + name + " is empty (" + train.size() + " train, " + test.size()
                            + " test images)");
        }
        classNames = List.copyOf(classNames);
        skipped = List.copyOf(skipped);
        if (train.side() != test.side()) {
            throw new IllegalArgumentException(
                    "dataset " + name + " has train images of side " + train.side()
                            + " but test images of side " + test.side());
        }
        if (train.classes() != classNames.size() || test.classes() != classNames.size()) {
            throw new IllegalArgumentException(
                    "dataset " + name + " has " + classNames.size() + " class names but sets of "
                            + train.classes() + " and " + test.classes() + " classes");
        }
        if (new HashSet<>(classNames).size() != classNames.size()) {
            throw new IllegalArgumentException(
                    "dataset " + name + " repeats a class name: " + classNames);
        }
        if (unlabelled != null && (unlabelled.images().side() != train.side()
                || unlabelled.images().classes() != classNames.size())) {
            throw new IllegalArgumentException("unlabelled images " + unlabelled.images() + " do not fit dataset " + name);
        }
    }

    /** A dataset without unlabelled images. */
    public Dataset(String name, ImageSet train, ImageSet test, List<String> classNames, String fingerprint,
            List<String> skipped) {
        this(name, train, test, classNames, fingerprint, skipped, null);
    }

    /**
     * @param images unlabelled images of this dataset's side and class count
     * @return this dataset with them as the students' training images
     */
    public Dataset withUnlabelled(UnlabelledImages images) {
        return new Dataset(name, train, test, classNames, fingerprint, skipped, images);
    }

    /** A dataset from which nothing was skipped. */
    public Dataset(String name, ImageSet train, ImageSet test, List<String> classNames, String fingerprint) {
        this(name, train, test, classNames, fingerprint, List.of());
    }

    /** A dataset identified by its name. */
    public Dataset(String name, ImageSet train, ImageSet test, List<String> classNames) {
        this(name, train, test, classNames, name);
    }

    /** A dataset with the ten CIFAR-10 class names. */
    public Dataset(String name, ImageSet train, ImageSet test) {
        this(name, train, test, List.of(ImageSet.CLASS_NAMES));
    }

    /** @return the image height and width of both sets */
    public int imageSide() {
        return train.side();
    }

    /** @return the number of classes */
    public int classCount() {
        return classNames.size();
    }

    /**
     * Releases the files its images are read from (an image folder's or a table's cache); a dataset
     * in memory (CIFAR, synthetic) holds none. Its sets and splits read no more afterwards.
     */
    @Override
    public void close() {
        train.close();
        test.close();
        if (unlabelled != null) {
            unlabelled.images().close();
        }
    }
}
