package io.distill4j.data.folder;

import io.distill4j.data.images.ImageCacheFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code data info} text of an image folder, from a scan and the cache's header only (nothing
 * is decoded): layout, image size, cache location, state and size, and every class with its
 * training and test counts.
 */
public final class FolderInfo {
    private FolderInfo() {}

    /**
     * @param options the folder and how it is read
     * @return the description, several lines
     * @throws io.distill4j.BadInputException if the folder is not a valid image folder
     * @throws IOException if it cannot be read
     */
    public static String describe(FolderOptions options) throws IOException {
        FolderListing listing = FolderScan.scan(options.root(), true);
        int side = options.imageSize();
        List<String> names = listing.classNames();
        int[][] counts = counts(listing, options.testFraction());
        StringBuilder sb = new StringBuilder();
        sb.append("dataset:   image folder ").append(options.root().toAbsolutePath()).append(", ")
                .append(listing.hasTestTree()
                        ? "train/ and test/ trees"
                        : String.format(Locale.ROOT, "one tree, test fraction %s per class (seed %d)",
                                options.testFraction(), options.splitSeed()))
                .append('\n');
        sb.append(String.format(Locale.ROOT,
                "image size: %d × %d pixels, 3 channels (RGB), %d bytes per image (shorter side to %d, centre crop)%n",
                side, side, 3 * side * side, side));
        sb.append(String.format(Locale.ROOT, "images:    %d train, %d test%n", sum(counts[0]), sum(counts[1])));
        if (sum(counts[0]) == 0 || sum(counts[1]) == 0) {
            sb.append("warning:   too few images for this test fraction: reading the folder will be refused;"
                    + " add images, change --test-fraction, or give train/ and test/ folders\n");
        }
        if (!listing.rejected().isEmpty()) {
            sb.append("not images: ").append(listing.rejected().size()).append(" files, e.g. ")
                    .append(listing.rejected().get(0)).append(" (refused unless --skip-bad-images)\n");
        }
        Path cache = ImageFolderDataset.cacheFile(options, listing.fingerprint(side));
        sb.append("cache:     ").append(cache.toAbsolutePath()).append(": ").append(cacheState(cache, listing, side))
                .append('\n');
        sb.append(String.format(Locale.ROOT, "classes:   %d%n", names.size()));
        int width = Math.max(12, names.stream().mapToInt(String::length).max().orElse(0) + 1);
        String row = "%-" + width + "s %7s %7s%n";
        sb.append(String.format(Locale.ROOT, row, "class", "train", "test"));
        for (int c = 0; c < names.size(); c++) {
            sb.append(String.format(Locale.ROOT, row, names.get(c), counts[0][c], counts[1][c]));
        }
        return sb.toString();
    }

    private static String cacheState(Path cache, FolderListing listing, int side) {
        if (!Files.exists(cache)) {
            long bytes = (long) listing.images().size() * (3L * side * side + 4);
            return String.format(Locale.ROOT, "absent: built on first use (about %.1f MB)", bytes / 1e6);
        }
        try {
            ImageCacheFile.Header h = ImageCacheFile.peek(cache);
            String skipped = h.skipped().isEmpty() ? "" : ", " + h.skipped().size() + " files skipped";
            return String.format(Locale.ROOT, "present, %.1f MB, %d images%s (header and length valid; "
                    + "each chunk of pixels is verified when first read)", Files.size(cache) / 1e6, h.count(), skipped);
        } catch (IOException e) {
            return "unusable (" + e.getMessage() + "): rebuilt on next use";
        }
    }

    private static int[][] counts(FolderListing listing, double fraction) {
        int k = listing.classNames().size();
        int[] train = new int[k];
        int[] test = new int[k];
        for (FolderListing.Entry e : listing.images()) {
            (e.test() ? test : train)[e.label()]++;
        }
        if (!listing.hasTestTree()) {
            for (int c = 0; c < k; c++) {
                test[c] = (int) Math.round(train[c] * fraction);
                train[c] -= test[c];
            }
        }
        return new int[][] {train, test};
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }
}
