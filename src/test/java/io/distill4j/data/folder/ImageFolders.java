package io.distill4j.data.folder;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes small image folders for tests, with ImageIO. */
public final class ImageFolders {
    private ImageFolders() {}

    /** @return a {@code TYPE_INT_RGB} image of one colour */
    public static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** @return a {@code TYPE_INT_RGB} image of seeded random pixels */
    public static BufferedImage noise(int w, int h, long seed) {
        Random rng = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        return img;
    }

    /** @return an 8-bit grey image whose sample at (x, y) is {@code (x * 7 + y * 3) % 256} */
    public static BufferedImage grey(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (x * 7 + y * 3) % 256);
            }
        }
        return img;
    }

    /** @return a palette image of four colours, pixel (x, y) = colour {@code (x + y) % 4} */
    public static BufferedImage palette(int w, int h) {
        byte[] r = {(byte) 255, 0, 0, (byte) 200};
        byte[] g = {0, (byte) 255, 0, (byte) 100};
        byte[] b = {0, 0, (byte) 255, 50};
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, g, b));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (x + y) % 4);
            }
        }
        return img;
    }

    /** @return the RGB of palette colour {@code i} of {@link #palette} */
    public static int paletteRgb(int i) {
        return new int[] {0xFF0000, 0x00FF00, 0x0000FF, 0xC86432}[i];
    }

    /** Writes {@code img} as {@code format} ("png", "jpg", "bmp", "gif") to {@code file}. */
    public static Path write(Path file, BufferedImage img, String format) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format + " of type " + img.getType());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A one-tree folder: {@code classes} classes named {@code c0…}, {@code perClass} PNGs each of
     * odd sizes, class {@code c} a noisy colour {@code c}.
     */
    public static Path tree(Path root, int classes, int perClass) {
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                write(root.resolve("c" + c).resolve("img" + i + ".png"), noise(13 + i % 5, 9 + c, c * 1000L + i), "png");
            }
        }
        return root;
    }

    /** @return the CHW bytes of a {@code side}-square RGB image */
    public static byte[] chw(BufferedImage img) {
        int side = img.getWidth();
        byte[] out = new byte[3 * side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = img.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    out[(c * side + y) * side + x] = (byte) (v >> (16 - 8 * c));
                }
            }
        }
        return out;
    }
}
