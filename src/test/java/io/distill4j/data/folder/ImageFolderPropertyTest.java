package io.distill4j.data.folder;

import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.deleteTree;
import static io.distill4j.data.archive.Cifar10BinaryPropertyTest.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.SkippedImage;
import io.distill4j.data.images.ImageDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the image folder reader. Random bytes, and real images with bytes flipped or cut
 * off, as image files: the folder is read (the file then decoded to a full image) or refused in one
 * line naming that file, and with {@code skipBadImages} it is read, listing the file when it is
 * left out; never another exception or a hang. Random folder shapes (classes, images per class,
 * sub-folders, stray files, train/test trees): the reader agrees with a model of the convention.
 */
class ImageFolderPropertyTest {
    private static final List<String> FORMATS = List.of("png", "jpg", "bmp", "gif");

    /** One file under test: a base ({@code random} bytes or a real image), then damage. */
    record Garbled(String format, boolean realBase, int cut, int flips, long seed) {}

    @Provide
    Arbitrary<Garbled> garbled() {
        return Combinators.combine(
                        Arbitraries.of(FORMATS),
                        Arbitraries.of(true, false),
                        Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(1, 100))),
                        Arbitraries.frequencyOf(
                                Tuple.of(1, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(1, 6))),
                        Arbitraries.longs())
                .as(Garbled::new);
    }

    private static byte[] content(Garbled g, Path scratch) throws IOException {
        Random rng = new Random(g.seed());
        byte[] bytes;
        if (g.realBase()) {
            java.awt.image.BufferedImage img = g.format().equals("gif")
                    ? ImageFolders.palette(5 + rng.nextInt(40), 5 + rng.nextInt(40))
                    : ImageFolders.noise(5 + rng.nextInt(40), 5 + rng.nextInt(40), g.seed());
            bytes = Files.readAllBytes(ImageFolders.write(scratch.resolve("base." + g.format()), img, g.format()));
        } else {
            bytes = new byte[rng.nextInt(300)];
            rng.nextBytes(bytes);
        }
        if (bytes.length > 0) {
            for (int i = 0; i < g.flips(); i++) {
                bytes[rng.nextInt(bytes.length)] ^= (byte) (1 + rng.nextInt(255));
            }
        }
        return java.util.Arrays.copyOf(bytes, bytes.length * (100 - g.cut() / 2) / 100);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.MIXIN)
    void anyFileIsDecodedOrNamedInOneLine(@ForAll("garbled") Garbled g, @ForAll boolean skip) throws IOException {
        Path root = Files.createTempDirectory("garbled");
        Path scratch = Files.createTempDirectory("base");
        try {
            ImageFolders.tree(root, 2, 2);
            String name = "c1/x." + g.format();
            Files.write(root.resolve(name), content(g, scratch));
            FolderOptions options = FolderOptions.of(root, 6).withThreads(1).withSkipBadImages(skip).withTestSplit(0.4, 1);
            Object result = withTimeout(() -> ImageFolderDataset.open(options, new PrintStream(new ByteArrayOutputStream())));
            Statistics.label("outcome").collect(g.realBase(), result.getClass().getSimpleName(),
                    result instanceof ImageFolderDataset d && !d.skipped().isEmpty());
            if (result instanceof ImageFolderDataset data) {
                int images = data.dataset().train().size() + data.dataset().test().size();
                if (data.skipped().isEmpty()) {
                    assertThat(images).isEqualTo(5);
                } else {
                    assertThat(skip).isTrue();
                    assertThat(data.skipped()).extracting(SkippedImage::relative).containsExactly(name);
                    assertThat(images).isEqualTo(4);
                }
            } else {
                assertThat(result).isInstanceOf(BadInputException.class);
                assertThat(skip).isFalse();
                assertThat(((Throwable) result).getMessage()).contains(name).doesNotContain("\n");
            }
        } finally {
            deleteTree(root);
            deleteTree(scratch);
        }
    }

    @Property(tries = 600, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.MIXIN)
    void theDecoderGivesAFullImageOrSaysWhy(@ForAll("garbled") Garbled g, @ForAll("sides") int side)
            throws IOException {
        Path scratch = Files.createTempDirectory("decode");
        try {
            Path file = Files.write(scratch.resolve("x." + g.format()), content(g, scratch));
            Object result = withTimeout(() -> ImageDecoder.decode(file, side));
            if (result instanceof byte[] pixels) {
                assertThat(pixels).hasSize(3 * side * side);
            } else {
                assertThat(result).isInstanceOf(ImageDecoder.UndecodableException.class);
                assertThat(((Throwable) result).getMessage()).isNotBlank().doesNotContain("\n");
            }
        } finally {
            deleteTree(scratch);
        }
    }

    @Provide
    Arbitrary<Integer> sides() {
        return Arbitraries.of(1, 7, 32, 100);
    }

    /** A folder shape: per class its images, nested images, stray files; maybe train/test trees. */
    record Shape(List<Integer> images, List<Boolean> nested, List<Boolean> stray, boolean trees) {}

    @Provide
    Arbitrary<Shape> shapes() {
        Arbitrary<Integer> classes = Arbitraries.integers().between(0, 4);
        return classes.flatMap(k -> Combinators.combine(
                        Arbitraries.integers().between(0, 3).list().ofSize(k),
                        Arbitraries.of(true, false).list().ofSize(k),
                        Arbitraries.frequencyOf(
                                        Tuple.of(5, Arbitraries.just(false)),
                                        Tuple.of(1, Arbitraries.just(true)))
                                .list().ofSize(k),
                        Arbitraries.of(true, false))
                .as(Shape::new));
    }

    @Property(tries = 120, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.MIXIN)
    void folderShapesFollowTheConvention(@ForAll("shapes") Shape s, @ForAll boolean skip) throws IOException {
        Path root = Files.createTempDirectory("shape");
        try {
            List<Path> trees = s.trees() ? List.of(root.resolve("train"), root.resolve("test")) : List.of(root);
            for (Path tree : trees) {
                Files.createDirectories(tree);
                for (int c = 0; c < s.images().size(); c++) {
                    Path dir = Files.createDirectories(tree.resolve("k" + c));
                    for (int i = 0; i < s.images().get(c); i++) {
                        Path sub = s.nested().get(c) && i % 2 == 1 ? dir.resolve("deeper") : dir;
                        ImageFolders.write(sub.resolve(i + ".png"), ImageFolders.noise(3 + i, 4, c * 10L + i), "png");
                    }
                    if (s.stray().get(c)) {
                        write(dir.resolve("notes.txt"));
                    }
                }
            }
            FolderOptions options = FolderOptions.of(root, 4).withThreads(1).withSkipBadImages(skip).withTestSplit(0.5, 3);
            Object result = withTimeout(() -> ImageFolderDataset.open(options, new PrintStream(new ByteArrayOutputStream())));
            String expected = expectedError(s, skip);
            Statistics.label("outcome").collect(expected == null ? "read" : expected);
            if (expected == null) {
                assertThat(result).isInstanceOf(ImageFolderDataset.class);
                Dataset d = ((ImageFolderDataset) result).dataset();
                int total = s.images().stream().mapToInt(Integer::intValue).sum();
                assertThat(d.train().size() + d.test().size()).isEqualTo(trees.size() * total);
                assertThat(d.classCount()).isEqualTo(s.images().size());
            } else {
                assertThat(result).isInstanceOf(BadInputException.class);
                assertThat(((Throwable) result).getMessage()).contains(expected).doesNotContain("\n");
            }
        } finally {
            deleteTree(root);
        }
    }

    private static String expectedError(Shape s, boolean skip) {
        List<Integer> n = s.images();
        if (n.isEmpty()) {
            return "holds no class folders";
        }
        if (n.size() == 1) {
            return "one class only";
        }
        for (int c = 0; c < n.size(); c++) {
            if (n.get(c) == 0) {
                return "holds no images";
            }
        }
        for (int c = 0; c < n.size(); c++) {
            if (s.stray().get(c) && !skip) {
                return "notes.txt";
            }
        }
        if (!s.trees()) {
            List<Integer> test = new ArrayList<>();
            n.forEach(k -> test.add((int) Math.round(k * 0.5)));
            if (test.stream().allMatch(k -> k == 0) || n.stream().allMatch(k -> k == 1)) {
                return "too few to hold out";
            }
        }
        return null;
    }

    private static void write(Path file) {
        try {
            Files.writeString(file, "not an image");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
