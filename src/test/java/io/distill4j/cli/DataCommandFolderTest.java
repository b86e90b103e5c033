package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.folder.FolderOptions;
import io.distill4j.data.folder.ImageFolderDataset;
import io.distill4j.data.folder.ImageFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandFolderTest {
    @TempDir Path tmp;
    private final Cli cli = new Cli();

    @Test
    void infoDescribesClassesImageSizeAndCache() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("pets"), 3, 5);
        assertThat(cli.run("data", "info", "--dataset", "folder", "--data-dir", root.toString(), "--image-size", "24"))
                .isZero();
        String first = cli.out.toString();
        assertThat(first)
                .contains("image folder " + root.toAbsolutePath())
                .contains("one tree, test fraction 0.2 per class")
                .contains("image size: 24 × 24 pixels, 3 channels (RGB), 1728 bytes per image")
                .contains("images:    12 train, 3 test")
                .contains("absent: built on first use")
                .contains("classes:   3")
                .containsPattern("c0 +4 +1")
                .contains(root.resolve(".distill4j-cache").toAbsolutePath().toString());
        assertThat(cli.err.toString()).isEmpty();
        assertThat(root.resolve(".distill4j-cache")).doesNotExist();

        ImageFolderDataset.open(FolderOptions.of(root, 24).withThreads(1), new PrintStream(new ByteArrayOutputStream()));
        Cli again = new Cli();
        assertThat(again.run("data", "info", "--dataset", "folder", "--data-dir", root.toString(), "--image-size", "24"))
                .isZero();
        assertThat(again.out.toString()).contains("present, 0.0 MB, 15 images").contains("header and length valid");
    }

    @Test
    void trainAndTestTreesAreCountedAsTheyAre() {
        Path root = tmp.resolve("tt");
        ImageFolders.tree(root.resolve("train"), 2, 4);
        ImageFolders.tree(root.resolve("test"), 2, 1);
        assertThat(cli.run("data", "info", "--dataset", "folder", "--data-dir", root.toString())).isZero();
        assertThat(cli.out.toString()).contains("train/ and test/ trees").contains("images:    8 train, 2 test")
                .contains("image size: 64 × 64");
    }

    @Test
    void badFoldersAndMisplacedOptionsAreOneLineErrors() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("one"), 1, 2);
        assertThat(cli.run("data", "info", "--dataset", "folder", "--data-dir", root.toString())).isEqualTo(2);
        cli.assertOneLineError("one class only");

        Cli size = new Cli();
        assertThat(size.run("data", "info", "--dataset", "folder", "--data-dir", root.toString(), "--image-size", "0"))
                .isEqualTo(2);
        size.assertOneLineError("--image-size 0 is outside 1–1024");

        Cli cifar = new Cli();
        assertThat(cifar.run("data", "info", "--data-dir", tmp.toString(), "--image-size", "64")).isEqualTo(2);
        cifar.assertOneLineError("--image-size applies to --dataset folder only");

        Cli fetch = new Cli();
        assertThat(fetch.run("data", "fetch", "--dataset", "folder", "--data-dir", root.toString())).isEqualTo(2);
        fetch.assertOneLineError("an image folder is read where it is");

        Cli noDir = new Cli();
        assertThat(noDir.run("data", "info", "--dataset", "folder")).isEqualTo(2);
        noDir.assertOneLineError("needs --data-dir ROOT");
        assertThat(Files.exists(root.resolve(".distill4j-cache"))).isFalse();
    }
}
