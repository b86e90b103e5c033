package io.distill4j.api;

/**
 * A model's figures on one part of the splits.
 *
 * @param loss mean cross-entropy against the labels
 * @param accuracy share of images whose top-1 class is right, in [0, 1] ({@code NaN} for no image)
 * @param images the images scored
 */
public record Score(double loss, double accuracy, int images) {}
