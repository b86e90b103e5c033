package io.distill4j.data.folder;

import io.distill4j.BadInputException;
import io.distill4j.data.ImageSet;
import io.distill4j.data.SkippedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lists an image folder in the ImageFolder convention: one sub-folder per class (names sorted give
 * the labels), images anywhere below it; {@code ROOT/train/} and {@code ROOT/test/} trees when both
 * exist; or ({@link #scanUnlabelled}) a flat folder of images without classes. Links are followed
 * and loops detected; hidden files and folders (name starting with a dot, such as the cache) are ignored. Files without a JPEG, PNG, BMP or GIF extension are not images.
 */
public final class FolderScan {
    /** File name endings read as images. */
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    public static final String SKIP_HINT = "or pass --skip-bad-images to leave it out";

    private FolderScan() {}

    /**
     * @param root the folder
     * @param skipBadImages whether files that are not images are listed as rejected rather than
     *     refused
     * @return the listing
     * @throws BadInputException for a missing or empty folder, fewer than two classes, a class
     *     without images, mismatched train and test classes, a link loop or (unless skipped) a file
     *     that is not an image
     */
    static FolderListing scan(Path root, boolean skipBadImages) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(
                    "image folder " + root + (Files.exists(root) ? " is not a folder" : " does not exist")
                            + ": pass --data-dir ROOT holding one sub-folder of images per class");
        }
        boolean split = Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"));
        List<FolderListing.Entry> images = new ArrayList<>();
        List<SkippedImage> rejected = new ArrayList<>();
        List<String> classes;
        if (split) {
            classes = classFolders(root, root.resolve("train"));
            List<String> testClasses = classFolders(root, root.resolve("test"));
            if (!testClasses.equals(classes)) {
                throw new BadInputException(
                        "the class folders of " + root.resolve("train") + " " + classes + " and of "
                                + root.resolve("test") + " " + testClasses
                                + " differ: give both trees the same class folders");
            }
            collect(root, root.resolve("train"), classes, false, images, rejected);
            collect(root, root.resolve("test"), classes, true, images, rejected);
        } else {
            classes = classFolders(root, root);
            collect(root, root, classes, false, images, rejected);
        }
        if (!skipBadImages && !rejected.isEmpty()) {
            SkippedImage r = rejected.get(0);
            throw new BadInputException(
                    "file " + r.relative() + " in " + root + " is " + r.reason()
                            + ": move it out of the class folder, " + SKIP_HINT);
        }
        return new FolderListing(root, split, classes, images, rejected);
    }

    /**
     * @param root a folder holding image files directly, without class sub-folders
     * @param skipBadImages whether files that are not images are listed as rejected rather than refused
     * @return the listing: every image in the class {@link FolderListing#UNLABELLED}, in name order
     * @throws BadInputException for a missing or empty folder, a sub-folder, or (unless skipped) a
     *     file that is not an image
     */
    static FolderListing scanUnlabelled(Path root, boolean skipBadImages) {
        String flag = "--unlabelled-dir";
        if (!Files.isDirectory(root)) {
            throw new BadInputException("unlabelled image folder " + root + (Files.exists(root) ? " is not a folder" : " does not exist")
                    + ": pass " + flag + " DIR holding the image files themselves");
        }
        List<FolderListing.Entry> images = new ArrayList<>();
        List<SkippedImage> rejected = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(child)) {
                    throw new BadInputException("unlabelled image folder " + root + " holds the sub-folder " + name + ": "
                            + flag + " takes the images directly, without classes; move them up (class folders are"
                            + " labelled data: --dataset folder --data-dir)");
                }
                if (!Files.exists(child)) {
                    rejected.add(new SkippedImage(name, "a broken link"));
                } else {
                    add(root, child, Files.readAttributes(child, BasicFileAttributes.class), 0, false, images, rejected);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new BadInputException("unlabelled image folder " + root + " holds no images (JPEG, PNG, BMP or GIF):"
                    + " pass " + flag + " DIR holding the image files themselves");
        }
        if (!skipBadImages && !rejected.isEmpty()) {
            SkippedImage r = rejected.get(0);
            throw new BadInputException("file " + r.relative() + " in " + root + " is " + r.reason()
                    + ": move it out of the folder, " + SKIP_HINT);
        }
        images.sort(Comparator.comparing(FolderListing.Entry::relative));
        rejected.sort(Comparator.comparing(SkippedImage::relative));
        return new FolderListing(root, false, List.of(FolderListing.UNLABELLED), images, rejected);
    }

    private static List<String> classFolders(Path root, Path tree) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(tree)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(child)) {
                    names.add(name);
                } else if (Files.isRegularFile(child) && isImageName(name)) {
                    throw new BadInputException(
                            "image " + child + " lies outside any class folder: move it into "
                                    + tree + "/<class>/");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tree + ": " + e.getMessage(), e);
        }
        names.sort(Comparator.naturalOrder());
        String layout = " holds one sub-folder of images per class (or train/ and test/ trees of them)";
        if (names.isEmpty()) {
            throw new BadInputException(
                    "image folder " + tree + " holds no class folders: make sure " + root + layout);
        }
        if (names.size() == 1) {
            String only = names.get(0);
            String fix = only.equals("train") || only.equals("test")
                    ? "give both " + root.resolve("train") + " and " + root.resolve("test")
                            + ", or pass the class folders' parent as --data-dir"
                    : "a classifier needs at least two; add a folder per class";
            throw new BadInputException(
                    "image folder " + tree + " holds one class only (" + only + "): " + fix);
        }
        if (names.size() > ImageSet.MAX_CLASSES) {
            throw new BadInputException(
                    "image folder " + tree + " holds " + names.size() + " class folders, more than "
                            + ImageSet.MAX_CLASSES + ": merge classes");
        }
        return names;
    }

    private static void collect(
            Path root, Path tree, List<String> classes, boolean test,
            List<FolderListing.Entry> images, List<SkippedImage> rejected) {
        for (int label = 0; label < classes.size(); label++) {
            Path dir = tree.resolve(classes.get(label));
            List<FolderListing.Entry> found = new ArrayList<>();
            walk(root, dir, label, test, found, rejected);
            if (found.isEmpty()) {
                throw new BadInputException(
                        "class folder " + dir + " holds no images (JPEG, PNG, BMP or GIF): add"
                                + " images or remove the folder");
            }
            found.sort(Comparator.comparing(FolderListing.Entry::relative));
            images.addAll(found);
        }
    }

    private static void walk(
            Path root, Path dir, int label, boolean test,
            List<FolderListing.Entry> found, List<SkippedImage> rejected) {
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                            return d.equals(dir) || !hidden(d) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                            if (hidden(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            add(root, file, a, label, test, found, rejected);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                throw new BadInputException(
                                        "link " + file + " loops back to a folder above it: remove"
                                                + " the link or point it elsewhere");
                            }
                            if (!Files.exists(file) && Files.isSymbolicLink(file)) {
                                rejected.add(new SkippedImage(relative(root, file), "a broken link"));
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Lists {@code file} as an image of class {@code label}, or as rejected with the reason. */
    private static void add(Path root, Path file, BasicFileAttributes a, int label, boolean test,
            List<FolderListing.Entry> found, List<SkippedImage> rejected) {
        String rel = relative(root, file);
        if (!a.isRegularFile()) {
            rejected.add(new SkippedImage(rel, "not a regular file"));
        } else if (isImageName(file.getFileName().toString())) {
            found.add(new FolderListing.Entry(file, rel, label, test, a.size(), a.lastModifiedTime().toMillis()));
        } else {
            rejected.add(new SkippedImage(rel, "not an image (JPEG, PNG, BMP or GIF by its name)"));
        }
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String relative(Path root, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(file)) {
            sb.append(sb.length() == 0 ? "" : "/").append(part);
        }
        return sb.toString();
    }
}
