package io.distill4j.data;

/**
 * A file of an image folder left out of the dataset.
 *
 * @param relative its path under the folder, {@code /}-separated
 * @param reason why, e.g. "not an image" or the decoder's complaint
 */
public record SkippedImage(String relative, String reason) {
    @Override
    public String toString() {
        return relative + " (" + reason + ")";
    }
}
