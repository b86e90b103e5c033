package io.distill4j.data;

import io.distill4j.BadInputException;
import io.distill4j.progress.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

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

    /** One decoded image, or why it could not be. */
    private record Decoded(byte[] pixels, ImageDecoder.UndecodableException failure) {}

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
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "distill4j-decode");
            t.setDaemon(true);
            return t;
        });
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            List<FolderListing.Entry> images = listing.images();
            ImageCacheFile.Header draft = new ImageCacheFile.Header(
                    side, 0, 0, listing.classNames(), fingerprint, listing.rejected());
            out.write(ByteBuffer.wrap(draft.encode()));
            CRC32C crc = new CRC32C();
            List<SkippedImage> skipped = new ArrayList<>(listing.rejected());
            ByteBuffer labels = ByteBuffer.allocate(4 * images.size());
            int trainCount = 0;
            int[] perClass = new int[listing.classNames().size()];
            ArrayDeque<Future<Decoded>> window = new ArrayDeque<>();
            int next = 0;
            try (Progress.Task bar = progress.start("decoding images", images.size(), "images")) {
                for (int done = 0; done < images.size(); done++) {
                    while (next < images.size() && window.size() < 4 * threads) {
                        Path file = images.get(next++).path();
                        window.add(pool.submit(() -> decode(file)));
                    }
                    Decoded d = await(window.poll());
                    FolderListing.Entry entry = images.get(done);
                    bar.advance(1);
                    if (d.failure() != null) {
                        skipped.add(refuse(entry, d.failure()));
                        continue;
                    }
                    writeAll(out, ByteBuffer.wrap(d.pixels()), crc);
                    labels.putInt(entry.label());
                    perClass[entry.label()]++;
                    trainCount += entry.test() ? 0 : 1;
                }
            }
            requireEveryClass(perClass, skipped.size());
            int count = images.size() - (skipped.size() - listing.rejected().size());
            ImageCacheFile.Header header = new ImageCacheFile.Header(
                    side, count, trainCount, listing.classNames(), fingerprint, skipped);
            labels.flip();
            writeAll(out, labels, crc);
            writeAll(out, ByteBuffer.wrap(header.encodeSkipped()), crc);
            byte[] headerBytes = header.encode();
            out.write(ByteBuffer.wrap(headerBytes), 0);
            long length = out.size() + ImageCacheFile.TRAILER_BYTES;
            out.write(ImageCacheFile.trailer(ImageCacheFile.crc(headerBytes), (int) crc.getValue(), length), out.size());
            out.force(true);
            if (!rescan.get().equals(fingerprint)) {
                throw new BadInputException(
                        "image folder " + listing.root() + " changed while its cache was being built:"
                                + " wait until nothing writes to it, then run again");
            }
            DataCache.move(part, target);
            return header;
        } finally {
            pool.shutdownNow();
            Files.deleteIfExists(part);
        }
    }

    private static void writeAll(FileChannel out, ByteBuffer bytes, CRC32C crc) throws IOException {
        crc.update(bytes.duplicate());
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    private Decoded decode(Path file) {
        try {
            return new Decoded(ImageDecoder.decode(file, side), null);
        } catch (ImageDecoder.UndecodableException e) {
            return new Decoded(null, e);
        }
    }

    /**
     * @param future work of a decoding pool
     * @return its result
     * @throws IOException if it was interrupted or failed with a checked exception; its unchecked ones are rethrown
     */
    static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding images", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IOException(e.getCause());
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
