package io.distill4j.data;

import io.distill4j.BadInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * A folder of images without labels ({@code --unlabelled-dir}): the image files directly inside
 * it, in name order, decoded once into a cache as an {@link ImageFolderDataset} is (scaled, shorter
 * side to the dataset's image size, and centre-cropped). Students distil from the teacher on them
 * alone; they are validated and tested on a labelled dataset.
 *
 * @param images the images, in file-name order, without labels
 * @param fingerprint {@code unlabelled:<sha-256>} of the files (names, lengths, modification times)
 *     and the image size
 * @param skipped files left out with {@link FolderOptions#skipBadImages()}, each with its reason
 */
public record UnlabelledFolder(ImageSet images, String fingerprint, List<String> skipped) {
    /** Makes the list unmodifiable and checks that the images are unlabelled. */
    public UnlabelledFolder {
        if (images.labelled()) {
            throw new IllegalArgumentException("an unlabelled folder's images carry no labels");
        }
        skipped = List.copyOf(skipped);
    }

    /**
     * @param options the folder, the image size and how to read it (its test split is not used)
     * @param classes the class count of the labelled dataset the students are scored on
     * @param console where notes (a rebuilt cache) go
     * @return the images, from the cache
     * @throws BadInputException for a missing or empty folder, a sub-folder or a bad image (unless skipped)
     * @throws IOException if the cache cannot be read or written
     */
    public static UnlabelledFolder open(FolderOptions options, int classes, PrintStream console) throws IOException {
        FolderListing listing = FolderScan.scanUnlabelled(options.root(), options.skipBadImages());
        ImageFolderDataset.Cached cache = ImageFolderDataset.cached(options, listing,
                () -> FolderScan.scanUnlabelled(options.root(), true), console, io.distill4j.progress.Progress.console(console));
        ImageCacheFile.Header h = cache.contents().header();
        return new UnlabelledFolder(ImageSet.unlabelled(cache.contents().pixels(), h.side(), classes),
                "unlabelled:" + h.fingerprint(), h.skipped().stream().map(k -> k.relative() + ": " + k.reason()).toList());
    }
}
