package io.distill4j.data.folder;

import io.distill4j.BadInputException;
import io.distill4j.data.ImageSet;
import io.distill4j.data.UnlabelledImages;
import io.distill4j.data.images.ImageCacheFile;
import java.io.IOException;
import java.io.PrintStream;

/**
 * A folder of images without labels ({@code --unlabelled-dir}): the image files directly inside
 * it, in name order, decoded once into a cache as an {@link ImageFolderDataset} is (scaled, shorter
 * side to the dataset's image size, and centre-cropped).
 */
public final class UnlabelledFolder {
    private UnlabelledFolder() {}

    /**
     * @param options the folder, the image size and how to read it (its test split is not used)
     * @param classes the class count of the labelled dataset the students are scored on
     * @param console where notes (a rebuilt cache) go
     * @return the images, from the cache
     * @throws BadInputException for a missing or empty folder, a sub-folder or a bad image (unless skipped)
     * @throws IOException if the cache cannot be read or written
     */
    public static UnlabelledImages open(FolderOptions options, int classes, PrintStream console) throws IOException {
        FolderListing listing = FolderScan.scanUnlabelled(options.root(), options.skipBadImages());
        ImageFolderDataset.Cached cache = ImageFolderDataset.cached(options, listing,
                () -> FolderScan.scanUnlabelled(options.root(), true), console, io.distill4j.progress.Progress.console(console));
        ImageCacheFile.Header h = cache.contents().header();
        return new UnlabelledImages(ImageSet.unlabelled(cache.contents().pixels(), h.side(), classes),
                "unlabelled:" + h.fingerprint(), h.skipped().stream().map(k -> k.relative() + ": " + k.reason()).toList());
    }
}
