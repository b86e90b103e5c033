package io.distill4j.data.folder;

import io.distill4j.BadInputException;
import io.distill4j.data.DataCache;
import io.distill4j.data.SkippedImage;
import io.distill4j.data.images.ImageCacheFile;
import io.distill4j.data.images.ImageCacheWriter;
import io.distill4j.data.images.ImageDecoder;
import io.distill4j.data.images.OrderedDecoding;
import io.distill4j.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decodes every image of a folder listing in parallel (a fixed pool of threads, a bounded window
 * of images in flight) and writes them, in listing order, into an {@link ImageCacheFile} under a
 * hidden staging name, with a progress bar on stderr. The file is synced and only then renamed into
 * place, after checking that the folder's fingerprint did not change while it was read.
 */
final class CacheBuilder {
    private final FolderListing listing;
    private final int side;
    private final boolean skipBadImages;
    private final int threads;
    private final Progress progress;

    CacheBuilder(FolderListing listing, int side, boolean skipBadImages, int threads, Progress progress) {
        this.progress = progress;
        this.listing = listing;
        this.side = side;
        this.skipBadImages = skipBadImages;
        this.threads = threads;
    }

    /**
     * @param target the cache file to create (its folder must exist)
     * @param fingerprint the listing's fingerprint
     * @param rescan fingerprint of the folder scanned again, once all images are read
     * @return the header written
     * @throws BadInputException for a bad image (unless skipped), a class left without images, or a
     *     folder that changed meanwhile; nothing is left behind then
     * @throws IOException if the cache cannot be written
     */
    ImageCacheFile.Header build(Path target, String fingerprint, Supplier<String> rescan) throws IOException {
        // pixels and labels of every listed image, and a megabyte for the header and the skipped list
        long bytes = (long) listing.images().size() * (3L * side * side + 4) + (1 << 20);
        io.distill4j.DiskSpace.require(target.getParent(), bytes, "the image cache " + target.getFileName(),
                "or give the cache another folder with --cache-dir");
        Path part = DataCache.hiddenSibling(target.getParent(), target.getFileName() + ".part");
        try (ImageCacheWriter out = new ImageCacheWriter(part, side, listing.classNames(), fingerprint)) {
            List<FolderListing.Entry> images = listing.images();
            List<SkippedImage> skipped = new ArrayList<>(listing.rejected());
            int[] trainCount = new int[1];
            int[] perClass = new int[listing.classNames().size()];
            try (Progress.Task bar = progress.start("decoding images", images.size(), "images")) {
                OrderedDecoding.run(images.iterator(), threads, entry -> ImageDecoder.decode(entry.path(), side), (entry, d) -> {
                    if (d.failure() != null) {
                        skipped.add(refuse(entry, d.failure()));
                        return;
                    }
                    out.add(d.pixels(), entry.label());
                    perClass[entry.label()]++;
                    trainCount[0] += entry.test() ? 0 : 1;
                }, bar);
            }
            requireEveryClass(perClass, skipped.size());
            ImageCacheFile.Header header = out.finish(trainCount[0], skipped);
            if (!rescan.get().equals(fingerprint)) {
                throw new BadInputException(
                        "image folder " + listing.root() + " changed while its cache was being built:"
                                + " wait until nothing writes to it, then run again");
            }
            out.close();
            DataCache.move(part, target);
            return header;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private SkippedImage refuse(FolderListing.Entry entry, ImageDecoder.UndecodableException failure) {
        String what = failure.notAnImage() ? "not an image" : "corrupt or truncated (" + failure.getMessage() + ")";
        if (!skipBadImages) {
            String fix = failure.notAnImage() ? "move it out of the " + (listing.labelled() ? "class " : "") + "folder, "
                    : "delete or replace it, ";
            throw new BadInputException(
                    (failure.notAnImage() ? "file " : "image ") + entry.relative() + " in " + listing.root()
                            + " is " + what + ": " + fix + FolderScan.SKIP_HINT);
        }
        return new SkippedImage(entry.relative(), what);
    }

    private void requireEveryClass(int[] perClass, int skipped) {
        for (int c = 0; c < perClass.length; c++) {
            if (perClass[c] == 0) {
                throw new BadInputException(
                        "class " + listing.classNames().get(c) + " of " + listing.root()
                                + " has no readable image once the " + skipped
                                + " bad files are left out: add images or remove the class folder");
            }
        }
    }
}
