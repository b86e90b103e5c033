package io.distill4j.data.folder;

import static io.distill4j.data.folder.ImageFolders.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.data.SkippedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFolderBadInputTest {
    @TempDir Path tmp;

    private static ImageFolderDataset open(FolderOptions options) throws IOException {
        return ImageFolderDataset.open(options.withThreads(2), new PrintStream(new ByteArrayOutputStream()));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(Path root) {
        return refused(FolderOptions.of(root, 8));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(FolderOptions options) {
        return assertThatThrownBy(() -> open(options))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** Nothing is written into the folder when it is refused. */
    private static void assertNoCache(Path root) {
        assertThat(root.resolve(ImageFolderDataset.CACHE_FOLDER)).doesNotExist();
    }

    @Test
    void aMissingOrEmptyFolderIsRefused() throws IOException {
        refused(tmp.resolve("nope")).hasMessageContaining("does not exist").hasMessageContaining("--data-dir");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        refused(empty).hasMessageContaining("holds no class folders");
        Files.createDirectories(empty.resolve(".hidden"));
        refused(empty).hasMessageContaining("holds no class folders");
    }

    @Test
    void oneClassOnlyIsRefused() {
        Path root = ImageFolders.tree(tmp.resolve("one"), 1, 3);
        refused(root).hasMessageContaining("one class only (c0)").hasMessageContaining("at least two");
        assertNoCache(root);
    }

    @Test
    void aTrainTreeWithoutATestTreeIsExplained() {
        Path root = tmp.resolve("half");
        ImageFolders.tree(root.resolve("train"), 2, 2);
        refused(root).hasMessageContaining("one class only (train)").hasMessageContaining(root.resolve("test").toString());
    }

    @Test
    void aCacheFolderThatIsAFileIsRefused() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("cf"), 2, 2);
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        refused(FolderOptions.of(root, 8).withCacheDir(file).withTestSplit(0.5, 1))
                .hasMessageContaining("cache folder " + file + " is a file").hasMessageContaining("--cache-dir");
    }

    @Test
    void aClassFolderWithoutImagesIsRefused() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("noimg"), 2, 2);
        Files.createDirectories(root.resolve("c2/sub"));
        Files.writeString(root.resolve("c2/.DS_Store"), "x");
        refused(root).hasMessageContaining("class folder " + root.resolve("c2") + " holds no images");
        assertNoCache(root);
    }

    @Test
    void trainAndTestTreesMustHaveTheSameClasses() {
        Path root = tmp.resolve("tt");
        ImageFolders.tree(root.resolve("train"), 3, 2);
        ImageFolders.tree(root.resolve("test"), 2, 2);
        refused(root).hasMessageContaining("differ");
    }

    @Test
    void anImageOutsideAnyClassFolderIsRefused() {
        Path root = ImageFolders.tree(tmp.resolve("stray"), 2, 2);
        write(root.resolve("stray.png"), ImageFolders.solid(4, 4, 0), "png");
        refused(root).hasMessageContaining("outside any class folder");
    }

    @ParameterizedTest
    @CsvSource({"png, 0.5", "jpg, 0.5", "gif, 0.5", "bmp, 0.5", "png, 0.95", "jpg, 0.9"})
    void aTruncatedImageIsNamedOrSkipped(String format, double keep) throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("trunc"), 2, 3);
        Path bad = root.resolve("c1/broken." + format);
        java.awt.image.BufferedImage img = format.equals("gif")
                ? ImageFolders.palette(40, 30) : ImageFolders.noise(40, 30, 3);
        write(bad, img, format);
        byte[] bytes = Files.readAllBytes(bad);
        Files.write(bad, Arrays.copyOf(bytes, (int) (bytes.length * keep)));
        refused(root).hasMessageContaining("image c1/broken." + format)
                .hasMessageContaining("corrupt or truncated").hasMessageContaining("--skip-bad-images");
        assertNoCache(root);
        ImageFolderDataset data = open(FolderOptions.of(root, 8).withSkipBadImages(true).withTestSplit(0.4, 1));
        assertThat(data.skipped()).extracting(SkippedImage::relative).containsExactly("c1/broken." + format);
        assertThat(data.dataset().train().size() + data.dataset().test().size()).isEqualTo(6);
    }

    @Test
    void aFileThatIsNotAnImageIsNamed() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("fake"), 2, 2);
        Files.writeString(root.resolve("c0/fake.png"), "just text");
        refused(root).hasMessageContaining("file c0/fake.png").hasMessageContaining("is not an image");
        Files.delete(root.resolve("c0/fake.png"));
        Files.writeString(root.resolve("c1/readme.txt"), "hello");
        refused(root).hasMessageContaining("file c1/readme.txt").hasMessageContaining("not an image")
                .hasMessageContaining("move it out");
        assertNoCache(root);
    }

    @Test
    void aClassLeftWithoutReadableImagesIsRefusedEvenWhenSkipping() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("allbad"), 2, 2);
        Files.write(Files.createDirectories(root.resolve("c2")).resolve("a.jpg"), new byte[] {1, 2, 3});
        refused(FolderOptions.of(root, 8).withSkipBadImages(true)).hasMessageContaining("class c2")
                .hasMessageContaining("no readable image");
    }

    @Test
    void linkLoopsAreDetected() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("loop"), 2, 2);
        Files.createSymbolicLink(root.resolve("c1/back"), root.resolve("c1"));
        refused(root).hasMessageContaining("loops back").hasMessageContaining("c1/back");
    }

    @Test
    void linksAreFollowed() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("linked"), 2, 3);
        Path elsewhere = ImageFolders.tree(tmp.resolve("elsewhere"), 1, 3);
        Files.createSymbolicLink(root.resolve("c2"), elsewhere.resolve("c0"));
        assertThat(open(FolderOptions.of(root, 8).withTestSplit(0.4, 1)).dataset().classNames())
                .containsExactly("c0", "c1", "c2");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3, 1025})
    void anImageSizeOutside1To1024IsRefused(int size) {
        assertThatThrownBy(() -> FolderOptions.of(tmp, size))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--image-size " + size + " is outside 1–1024");
    }

    @Test
    void aFolderChangedWhileItsCacheIsBuiltIsRefused() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("busy"), 2, 2);
        FolderListing listing = FolderScan.scan(root, false);
        String fingerprint = listing.fingerprint(8);
        Path target = Files.createDirectories(tmp.resolve("cache")).resolve("c.u8");
        CacheBuilder builder = new CacheBuilder(listing, 8, false, 2, io.distill4j.progress.Progress.SILENT);
        assertThatThrownBy(() -> builder.build(target, fingerprint, () -> {
            // a writer adds an image while the cache is being built
            write(root.resolve("c0/late.png"), ImageFolders.solid(4, 4, 0), "png");
            return FolderScan.scan(root, true).fingerprint(8);
        })).isInstanceOf(BadInputException.class).hasMessageContaining("changed while its cache was being built");
        assertThat(tmp.resolve("cache")).isEmptyDirectory();
    }
}
