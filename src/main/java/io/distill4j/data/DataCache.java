package io.distill4j.data;

import io.distill4j.BadInputException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data directory every dataset is cached in ({@code --data-dir}, else {@code
 * $DISTILL4J_DATA}, else {@code ~/.distill4j/data}), and the file moves that make what appears in
 * it appear complete: files are written under hidden staging names in the same directory and then
 * renamed into place.
 */
public final class DataCache {
    /** Environment variable naming the data directory. */
    public static final String DATA_DIR_ENV = "DISTILL4J_DATA";

    private DataCache() {}

    /** @return {@code option} if given, else {@link #defaultDataDir()} */
    public static Path dataDir(Path option) {
        return option != null ? option : defaultDataDir();
    }

    /** @return {@code $DISTILL4J_DATA} if set, else {@code ~/.distill4j/data} */
    public static Path defaultDataDir() {
        return defaultDataDir(System.getenv(DATA_DIR_ENV), System.getProperty("user.home"));
    }

    public static Path defaultDataDir(String envValue, String userHome) {
        return envValue != null && !envValue.isBlank()
                ? Path.of(envValue)
                : Path.of(userHome, ".distill4j", "data");
    }

    /**
     * Creates the data directory if needed.
     *
     * @throws BadInputException if it is a file
     */
    public static void create(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException(
                    "data directory " + dir + " is a file: pass another --data-dir or set "
                            + DATA_DIR_ENV);
        }
        Files.createDirectories(dir);
    }

    /**
     * @return an unused hidden name in {@code dir} for staging {@code name}; unlike temp files it
     *     gets the usual permissions when created
     */
    public static Path hiddenSibling(Path dir, String name) {
        return dir.resolve("." + name + "." + UUID.randomUUID());
    }

    /** @return a new, empty hidden staging directory in {@code dir} for {@code name} */
    public static Path stagingDir(Path dir, String name) throws IOException {
        return Files.createDirectory(hiddenSibling(dir, name));
    }

    /** Moves a file into place, atomically where the file system can, replacing {@code to}. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies {@code file} to {@code target} through a staging name, so it appears complete. */
    public static void copyInto(Path file, Path target) throws IOException {
        Path part = hiddenSibling(target.getParent(), target.getFileName() + ".part");
        try {
            Files.copy(file, part);
            move(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Renames {@code staging} to {@code dir/name}, replacing an existing directory of that name;
     * if the rename fails the old directory is put back.
     */
    public static void install(Path staging, Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        Path old = null;
        if (Files.exists(target)) {
            old = hiddenSibling(dir, name + ".old");
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            io.distill4j.AtomicFiles.deleteTree(old);
        }
    }

    /** @return bytes of the regular files at or below {@code path}; 0 if it does not exist */
    public static long sizeOnDisk(Path path) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(
                path,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()) {
                            total.addAndGet(attrs.size());
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        return total.get();
    }
}
