package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.ImageSet;
import io.distill4j.data.SplitOptions;
import io.distill4j.data.TrainingSplits;
import io.distill4j.data.catalog.Datasets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The unlabelled twin of a training split (its images as lossless PNGs, named in split order, no
 * labels) and the steps of the checks that use it.
 */
final class UnlabelledImages {
    private UnlabelledImages() {}

    /**
     * @param request the labelled dataset
     * @param split its training split's settings
     * @param dir the new folder
     * @return {@code dir}, holding {@code 00000.png …} in the split's order
     * @throws IOException if reading or writing fails
     */
    static Path writeTrainingSplit(Datasets.Request request, SplitOptions split, Path dir) throws IOException {
        ImageSet train = TrainingSplits.of(Datasets.load(request, new PrintStream(PrintStream.nullOutputStream())), split)
                .split().train();
        Files.createDirectories(dir);
        int side = train.side();
        byte[] chw = new byte[train.imageBytes()];
        for (int i = 0; i < train.size(); i++) {
            train.readImage(i, chw, 0);
            BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int at = y * side + x;
                    img.setRGB(x, y, (chw[at] & 0xFF) << 16 | (chw[side * side + at] & 0xFF) << 8 | chw[2 * side * side + at] & 0xFF);
                }
            }
            if (!ImageIO.write(img, "png", dir.resolve(String.format("%05d.png", i)).toFile())) {
                throw new UncheckedIOException(new IOException("no PNG writer"));
            }
        }
        return dir;
    }

    /**
     * Runs the CLI and expects success.
     *
     * @param args the command line
     * @return its wall time in seconds
     */
    static double succeeds(List<String> args) {
        Cli cli = new Cli();
        long t0 = System.nanoTime();
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err.toString()).isZero();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Expects the weights file {@code models/FILE} of two runs to be equal byte for byte. */
    static void assertSameWeights(Path a, Path b, String file) throws IOException {
        assertThat(Files.readAllBytes(b.resolve("models").resolve(file))).as(file)
                .isEqualTo(Files.readAllBytes(a.resolve("models").resolve(file)));
    }

    /** @return {@code command}, then {@code settings}, then {@code extra} */
    static List<String> command(String command, List<String> settings, String... extra) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(settings);
        all.addAll(List.of(extra));
        return all;
    }
}
