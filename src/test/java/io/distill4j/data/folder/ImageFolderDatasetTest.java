package io.distill4j.data.folder;

import static io.distill4j.data.folder.ImageFolders.chw;
import static io.distill4j.data.folder.ImageFolders.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.SkippedImage;
import io.distill4j.data.images.ImageCacheFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private ImageFolderDataset open(FolderOptions options) throws IOException {
        return ImageFolderDataset.open(options.withThreads(2), new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @Test
    void everyFormatSizeAndColourTypeBecomesTheSameSquareRgbImage() throws IOException {
        Path root = tmp.resolve("formats");
        write(root.resolve("b-grey/g.png"), ImageFolders.grey(8, 8), "png");
        write(root.resolve("b-grey/g.jpg"), ImageFolders.grey(8, 8), "jpg");
        write(root.resolve("a-colour/n.png"), ImageFolders.noise(8, 8, 1), "png");
        write(root.resolve("a-colour/n.bmp"), ImageFolders.noise(8, 8, 1), "bmp");
        write(root.resolve("c-palette/p.gif"), ImageFolders.palette(8, 8), "gif");
        write(root.resolve("c-palette/p.png"), ImageFolders.palette(8, 8), "png");
        write(root.resolve("c-palette/sub/wide.png"), ImageFolders.solid(31, 8, 0x102030), "png");
        ImageFolderDataset data = open(FolderOptions.of(root, 8).withTestSplit(0.4, 1));
        Dataset d = data.dataset();
        assertThat(d.name()).isEqualTo("folder");
        assertThat(d.classNames()).containsExactly("a-colour", "b-grey", "c-palette");
        assertThat(d.imageSide()).isEqualTo(8);
        assertThat(d.fingerprint()).startsWith("folder:");
        assertThat(data.built()).isTrue();
        ImageSet all = ImageSet.of(
                ImageCacheFile.open(data.cacheFile()).pixels(),
                ImageCacheFile.open(data.cacheFile()).labels(), 8, 3);
        // listing order: class, then relative path
        byte[] noise = chw(ImageFolders.noise(8, 8, 1));
        assertThat(all.image(0)).isEqualTo(noise); // a-colour/n.bmp
        assertThat(all.image(1)).isEqualTo(noise); // a-colour/n.png
        byte[] greyPng = all.image(3);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int v = (x * 7 + y * 3) % 256;
                for (int c = 0; c < 3; c++) {
                    assertThat(greyPng[(c * 8 + y) * 8 + x] & 0xFF).as("grey sample kept as is").isEqualTo(v);
                }
            }
        }
        byte[] jpeg = all.image(2);
        for (int p = 0; p < 64; p++) {
            assertThat(Math.abs((jpeg[p] & 0xFF) - (greyPng[p] & 0xFF))).as("JPEG within its loss").isLessThan(40);
            assertThat(jpeg[p]).isEqualTo(jpeg[64 + p]);
        }
        for (int k : new int[] {4, 5}) {
            byte[] pal = all.image(k);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int rgb = ImageFolders.paletteRgb((x + y) % 4);
                    assertThat(pal[y * 8 + x] & 0xFF).isEqualTo(rgb >> 16);
                    assertThat(pal[128 + y * 8 + x] & 0xFF).isEqualTo(rgb & 0xFF);
                }
            }
        }
        assertThat(all.image(6)).isEqualTo(chw(ImageFolders.solid(8, 8, 0x102030)));
    }

    @Test
    void shorterSideGoesToNThenTheCentreIsCropped() throws IOException {
        Path root = tmp.resolve("crop");
        // 60 × 20, left third red, middle green, right blue: the 20-wide centre is green at N = 10
        java.awt.image.BufferedImage wide = ImageFolders.solid(60, 20, 0xFF0000);
        for (int y = 0; y < 20; y++) {
            for (int x = 20; x < 60; x++) {
                wide.setRGB(x, y, x < 40 ? 0x00FF00 : 0x0000FF);
            }
        }
        write(root.resolve("a/wide.png"), wide, "png");
        write(root.resolve("b/tall.png"), ImageFolders.solid(7, 23, 0x808080), "png");
        write(root.resolve("a/x.png"), ImageFolders.solid(3, 3, 0), "png");
        write(root.resolve("b/y.png"), ImageFolders.solid(3, 3, 0), "png");
        ImageCacheFile.Contents c = ImageCacheFile.open(open(FolderOptions.of(root, 10).withTestSplit(0.5, 1)).cacheFile());
        byte[] img = new byte[300];
        c.pixels().read(0, img, 0);
        for (int p = 0; p < 100; p++) {
            assertThat(img[p] & 0xFF).as("red").isLessThan(30);
            assertThat(img[100 + p] & 0xFF).as("green").isGreaterThan(225);
        }
        c.pixels().read(2, img, 0);
        for (byte b : img) {
            assertThat(b & 0xFF).isEqualTo(128);
        }
    }

    @Test
    void trainAndTestTreesAreUsedAsTheyAre() throws IOException {
        Path root = tmp.resolve("tt");
        ImageFolders.tree(root.resolve("train"), 3, 4);
        ImageFolders.tree(root.resolve("test"), 3, 2);
        Dataset d = open(FolderOptions.of(root, 6)).dataset();
        assertThat(d.train().size()).isEqualTo(12);
        assertThat(d.test().size()).isEqualTo(6);
        assertThat(d.test().labels()).containsExactlyInAnyOrder(0, 0, 1, 1, 2, 2);
        assertThat(d.train().store()).isSameAs(d.test().store());
    }

    @Test
    void oneTreeIsSplitPerClassDeterministically() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("one"), 3, 10);
        FolderOptions options = FolderOptions.of(root, 5).withTestSplit(0.3, 7);
        Dataset a = open(options).dataset();
        Dataset b = open(options).dataset();
        assertThat(a.test().size()).isEqualTo(9);
        assertThat(counts(a.test())).containsExactly(3, 3, 3);
        assertThat(counts(a.train())).containsExactly(7, 7, 7);
        assertThat(a.test()).isEqualTo(b.test());
        Dataset other = open(options.withTestSplit(0.3, 8)).dataset();
        assertThat(other.test()).isNotEqualTo(a.test());
        assertThat(counts(other.test())).containsExactly(3, 3, 3);
        byte[][] testImages = new byte[9][];
        for (int i = 0; i < 9; i++) {
            testImages[i] = a.test().image(i);
        }
        for (int i = 0; i < a.train().size(); i++) {
            byte[] img = a.train().image(i);
            assertThat(Stream.of(testImages).noneMatch(t -> Arrays.equals(t, img))).as("disjoint").isTrue();
        }
    }

    @Test
    void setsAreStoredInASeededRandomOrderSoTheirFirstImagesSpanTheClasses() throws IOException {
        // Read class by class, a set in folder order would give --train-limit 24 the first two classes only.
        Path root = ImageFolders.tree(tmp.resolve("ordered"), 3, 20);
        Dataset a = open(FolderOptions.of(root, 5)).dataset();
        assertThat(counts(a.train().head(24))).doesNotContain(0);
        assertThat(a.train().labels()).isEqualTo(open(FolderOptions.of(root, 5)).dataset().train().labels());
        assertThat(a.train().labels()).isNotEqualTo(
                open(FolderOptions.of(root, 5).withTestSplit(0.2, 2)).dataset().train().labels());
    }

    private static int[] counts(ImageSet set) {
        int[] n = new int[set.classes()];
        for (int label : set.labels()) {
            n[label]++;
        }
        return n;
    }

    @Test
    void theSecondOpenReadsTheCacheWithoutDecoding() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("reuse"), 2, 3);
        ImageFolderDataset first = open(FolderOptions.of(root, 12));
        assertThat(first.cacheFile()).startsWith(root.resolve(ImageFolderDataset.CACHE_FOLDER));
        FileTime written = Files.getLastModifiedTime(first.cacheFile());
        Files.setLastModifiedTime(first.cacheFile(), FileTime.fromMillis(written.toMillis() - 60_000));
        FileTime backdated = Files.getLastModifiedTime(first.cacheFile());
        // No wall-time bound: that the cache is reused, not rebuilt, shows in what follows.
        ImageFolderDataset second = open(FolderOptions.of(root, 12));
        assertThat(second.built()).isFalse();
        assertThat(second.cacheFile()).isEqualTo(first.cacheFile());
        assertThat(Files.getLastModifiedTime(second.cacheFile())).isEqualTo(backdated);
        assertThat(second.dataset()).isEqualTo(first.dataset());
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aChangedFolderOrImageSizeGetsANewCacheAndTheStaleOneGoes() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("changed"), 2, 3);
        Path cacheDir = tmp.resolve("caches");
        FolderOptions options = FolderOptions.of(root, 4).withCacheDir(cacheDir);
        ImageFolderDataset first = open(options);
        assertThat(first.cacheFile()).startsWith(cacheDir);
        ImageFolderDataset bigger = open(FolderOptions.of(root, 6).withCacheDir(cacheDir));
        assertThat(bigger.cacheFile()).isNotEqualTo(first.cacheFile());
        assertThat(first.cacheFile()).exists();
        write(root.resolve("c1/new.png"), ImageFolders.solid(5, 5, 0xABCDEF), "png");
        ImageFolderDataset second = open(options);
        assertThat(second.built()).isTrue();
        assertThat(second.cacheFile()).isNotEqualTo(first.cacheFile());
        assertThat(first.cacheFile()).doesNotExist();
        assertThat(bigger.cacheFile()).exists();
        assertThat(second.dataset().train().size() + second.dataset().test().size()).isEqualTo(7);
        assertThat(second.dataset().fingerprint()).isNotEqualTo(first.dataset().fingerprint());
        Files.setLastModifiedTime(root.resolve("c0/img0.png"), FileTime.fromMillis(1_000_000));
        assertThat(open(options).built()).isTrue();
    }

    @Test
    void aTruncatedOrCorruptCacheIsRebuiltWithANote() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("corrupt"), 2, 3);
        FolderOptions options = FolderOptions.of(root, 8);
        ImageFolderDataset good = open(options);
        byte[] pixels = good.dataset().train().pixels();
        byte[] bytes = Files.readAllBytes(good.cacheFile());
        Files.write(good.cacheFile(), Arrays.copyOf(bytes, bytes.length - 100));
        ImageFolderDataset rebuilt = open(options);
        assertThat(rebuilt.built()).isTrue();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("is unusable").contains("truncated");
        assertThat(rebuilt.dataset().train().pixels()).isEqualTo(pixels);
        byte[] flipped = bytes.clone();
        ImageCacheFile.Header header = ImageCacheFile.peek(good.cacheFile());
        flipped[header.encode().length + (int) header.pixelBytes() + 2] ^= 0x10; // a label
        Files.write(good.cacheFile(), flipped);
        assertThat(open(options).built()).isTrue();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("the checksum of its labels and skipped files does not match");
        assertThat(Files.readAllBytes(good.cacheFile())).isEqualTo(bytes);
    }

    @Test
    void skippedImagesAreListedAndKeptInTheCache() throws IOException {
        Path root = ImageFolders.tree(tmp.resolve("skip"), 2, 3);
        Files.writeString(root.resolve("c0/notes.txt"), "hello");
        Files.writeString(root.resolve("c1/fake.jpg"), "not a jpeg at all");
        FolderOptions options = FolderOptions.of(root, 4).withSkipBadImages(true);
        ImageFolderDataset data = open(options);
        assertThat(data.skipped()).extracting(SkippedImage::relative).containsExactly("c0/notes.txt", "c1/fake.jpg");
        assertThat(data.dataset().train().size() + data.dataset().test().size()).isEqualTo(6);
        ImageFolderDataset again = open(options);
        assertThat(again.built()).isFalse();
        assertThat(again.skipped()).isEqualTo(data.skipped());
        List<String> reasons = again.skipped().stream().map(SkippedImage::reason).toList();
        assertThat(reasons.get(1)).isEqualTo("not an image");
    }
}
