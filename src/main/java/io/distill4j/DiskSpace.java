package io.distill4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks free disk space before a run, a cache or a store starts writing, so that none stops half-written. */
public final class DiskSpace {
    private DiskSpace() {}

    /**
     * @param dir an existing folder on the file system that will be written
     * @param bytes about how many bytes will be written there
     * @param what what will be written, for the message, e.g. {@code the image cache}
     * @param fix how to make room, for the message, e.g. {@code or give another --cache-dir}
     * @throws BadInputException naming the space free and the space needed, and the fix
     */
    public static void require(Path dir, long bytes, String what, String fix) {
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new BadInputException("cannot check free space under " + dir + ": " + e.getMessage(), e);
        }
        if (free < bytes) {
            throw new BadInputException(String.format(Locale.ROOT, "only %s free under %s, %s needs about %s: free space %s",
                    size(free), dir, what, size(bytes), fix));
        }
    }

    /** @return {@code bytes} in MB, or GB from 10 GB up */
    static String size(long bytes) {
        return bytes >= 10e9 ? String.format(Locale.ROOT, "%,.0f GB", bytes / 1e9) : String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
    }
}
