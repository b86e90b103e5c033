package io.distill4j.data.folder;

import io.distill4j.data.SkippedImage;
import io.distill4j.data.images.Fingerprint;
import java.nio.file.Path;
import java.util.List;

/**
 * What a scan of an image folder found ({@link FolderScan}): the classes, every image file with
 * its class, and the files that are not images. A folder of unlabelled images lists them all in
 * the single class {@link #UNLABELLED}.
 *
 * @param root the folder scanned
 * @param hasTestTree whether it has {@code train/} and {@code test/} trees
 * @param classNames the class folder names, sorted
 * @param images image files, the training tree's first, each tree by class then path
 * @param rejected files that are not images (by name), with the reason
 */
public record FolderListing(
        Path root, boolean hasTestTree, List<String> classNames, List<Entry> images,
        List<SkippedImage> rejected) {
    /**
     * One image file.
     *
     * @param path the file
     * @param relative its path under the root, {@code /}-separated
     * @param label its class index
     * @param test whether it lies in the {@code test/} tree
     * @param size its length in bytes
     * @param modified its modification time in milliseconds
     */
    public record Entry(Path path, String relative, int label, boolean test, long size, long modified) {}

    /** The one class name of an unlabelled folder's listing (a labelled folder has two classes or more). */
    public static final String UNLABELLED = "(unlabelled)";

    /** Makes the lists unmodifiable. */
    public FolderListing {
        classNames = List.copyOf(classNames);
        images = List.copyOf(images);
        rejected = List.copyOf(rejected);
    }

    /** @return whether the images are labelled by their class folders */
    public boolean labelled() {
        return !classNames.equals(List.of(UNLABELLED));
    }

    /** @return images in the training tree (all of them without a {@code test/} tree) */
    public int trainCount() {
        return (int) images.stream().filter(e -> !e.test()).count();
    }

    /**
     * @param imageSize the image side the cache holds
     * @return a SHA-256 over the image size, the layout and every file's relative path, length
     *     and modification time (images and rejected files alike), in hex
     */
    public String fingerprint(int imageSize) {
        Fingerprint f = new Fingerprint("distill4j image folder v1", imageSize, hasTestTree);
        for (Entry e : images) {
            f.file(e.relative(), e.size(), e.modified());
        }
        for (SkippedImage r : rejected) {
            f.line("rejected\0" + r.relative());
        }
        return f.hex();
    }
}
