package io.distill4j.model;

import io.distill4j.BadInputException;

/**
 * What a model is given and what it answers: square RGB images of {@code side} pixels, channel
 * first, and scores over {@code classes} classes. It comes from the dataset: its image size and its
 * class count.
 *
 * @param side height and width of the images, 1 to {@value #MAX_SIDE}
 * @param classes number of classes, at least 1
 */
public record InputShape(int side, int classes) {
    /** Largest image side a model takes, as {@code --image-size}. */
    public static final int MAX_SIDE = 1024;
    /** CIFAR-10's images: 32×32, 10 classes; the default of every entry point made before datasets had sizes. */
    public static final InputShape CIFAR10 = new InputShape(32, 10);

    /** Checks the ranges. */
    public InputShape {
        if (side < 1 || side > MAX_SIDE) {
            throw new BadInputException("image side " + side + " is outside 1–" + MAX_SIDE + ": use e.g. --image-size 64");
        }
        if (classes < 1) {
            throw new BadInputException("a model needs at least one class, not " + classes);
        }
    }
}
