package io.distill4j.data;

import io.distill4j.BadInputException;

/** Pixels held in one Java array: for sets under 2 GiB (CIFAR, synthetic data, tests). */
public final class ArrayPixelStore implements PixelStore {
    private final byte[] pixels;
    private final int imageBytes;

    /**
     * @param pixels the images one after another; not copied, and never written by this class
     * @param imageBytes bytes per image
     * @throws BadInputException if {@code pixels} does not hold whole images
     */
    public ArrayPixelStore(byte[] pixels, int imageBytes) {
        if (imageBytes <= 0 || pixels.length % imageBytes != 0) {
            throw new BadInputException(
                    "image data holds " + pixels.length + " bytes, not a whole number of images of "
                            + imageBytes + " bytes");
        }
        this.pixels = pixels;
        this.imageBytes = imageBytes;
    }

    @Override
    public int size() {
        return pixels.length / imageBytes;
    }

    @Override
    public int imageBytes() {
        return imageBytes;
    }

    @Override
    public void read(int index, byte[] dst, int offset) {
        System.arraycopy(pixels, index * imageBytes, dst, offset, imageBytes);
    }
}
