package io.distill4j.data.folder;

import static io.distill4j.data.folder.ImageFolders.chw;
import static io.distill4j.data.folder.ImageFolders.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.data.BatchSource;
import io.distill4j.data.ImageSet;
import io.distill4j.data.Normalization;
import io.distill4j.data.UnlabelledImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flat folder of images read without labels: name order, the folder's cache, bad input. */
class UnlabelledFolderTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private UnlabelledImages open(FolderOptions options) throws IOException {
        return UnlabelledFolder.open(options.withThreads(2), 10, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @Test
    void imagesComeInNameOrderScaledLikeAFolderAndWithoutLabels() throws IOException {
        Path root = tmp.resolve("u");
        write(root.resolve("b.png"), ImageFolders.noise(8, 8, 2), "png");
        write(root.resolve("a.bmp"), ImageFolders.noise(8, 8, 1), "bmp");
        write(root.resolve("c.png"), ImageFolders.solid(16, 8, 0x102030), "png");
        write(root.resolve(".hidden.png"), ImageFolders.noise(8, 8, 3), "png");
        UnlabelledImages u = open(FolderOptions.of(root, 8));
        ImageSet images = u.images();
        assertThat(images.size()).isEqualTo(3);
        assertThat(images.labelled()).isFalse();
        assertThat(images.classes()).isEqualTo(10);
        assertThat(images.image(0)).isEqualTo(chw(ImageFolders.noise(8, 8, 1)));
        assertThat(images.image(1)).isEqualTo(chw(ImageFolders.noise(8, 8, 2)));
        assertThat(images.image(2)).isEqualTo(chw(ImageFolders.solid(8, 8, 0x102030)));
        assertThat(u.fingerprint()).startsWith("unlabelled:");
        assertThatThrownBy(() -> images.label(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("no labels");
        assertThat(Files.list(root.resolve(ImageFolderDataset.CACHE_FOLDER))).hasSize(1);

        // The cache serves the next open; a changed folder gets a new fingerprint.
        assertThat(open(FolderOptions.of(root, 8)).images()).isEqualTo(images);
        write(root.resolve("d.png"), ImageFolders.noise(8, 8, 4), "png");
        UnlabelledImages more = open(FolderOptions.of(root, 8));
        assertThat(more.images().size()).isEqualTo(4);
        assertThat(more.fingerprint()).isNotEqualTo(u.fingerprint());
    }

    @Test
    void batchesOfUnlabelledImagesCarryNoLabels() throws IOException {
        Path root = tmp.resolve("u");
        for (int i = 0; i < 5; i++) {
            write(root.resolve("img" + i + ".png"), ImageFolders.noise(8, 8, i), "png");
        }
        ImageSet images = open(FolderOptions.of(root, 8)).images();
        BatchSource source = new BatchSource(images, Normalization.of(images), 4);
        try (PointerScope scope = new PointerScope()) {
            BatchSource.Batch batch = source.batch(source.epochOrder(1, 1), 1, true, new Random(1));
            assertThat(batch.size()).isEqualTo(1);
            assertThat(batch.labels()).isNull();
        }
    }

    @Test
    void badFoldersAreRefusedOrTheirBadFilesSkipped() throws IOException {
        Path root = tmp.resolve("u");
        write(root.resolve("a.png"), ImageFolders.noise(8, 8, 1), "png");
        Files.writeString(root.resolve("notes.txt"), "text");
        Files.writeString(root.resolve("broken.jpg"), "not a jpeg");
        assertThatThrownBy(() -> open(FolderOptions.of(root, 8))).isInstanceOf(BadInputException.class)
                .hasMessage("file notes.txt in " + root + " is not an image (JPEG, PNG, BMP or GIF by its name):"
                        + " move it out of the folder, or pass --skip-bad-images to leave it out");
        UnlabelledImages skipping = open(FolderOptions.of(root, 8).withSkipBadImages(true));
        assertThat(skipping.images().size()).isEqualTo(1);
        assertThat(skipping.skipped()).hasSize(2).anyMatch(s -> s.startsWith("broken.jpg: not an image"))
                .anyMatch(s -> s.startsWith("notes.txt: not an image"));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> open(FolderOptions.of(empty, 8))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("holds no images");
        Path file = Files.writeString(tmp.resolve("file.png"), "x");
        assertThatThrownBy(() -> open(FolderOptions.of(file, 8))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("is not a folder");
        Files.createDirectories(root.resolve("cats"));
        assertThatThrownBy(() -> open(FolderOptions.of(root, 8).withSkipBadImages(true)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("holds the sub-folder cats");
    }
}
