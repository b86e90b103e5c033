package io.distill4j.data.images;

import io.distill4j.BadInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one JPEG, PNG, BMP or GIF file with {@code javax.imageio} (the first frame of an
 * animation) and turns it into a square CHW uint8 image with {@link ImageResize}. A file that no
 * JPEG, PNG, BMP or GIF reader recognises is not an image; a reader error or warning (a truncated
 * JPEG decodes with a warning and grey rows) means the image is corrupt. Files are read without
 * ImageIO's disk cache, and thread-safely: each call has its own reader.
 */
public final class ImageDecoder {
    /** ImageIO format names accepted. */
    private static final Set<String> FORMATS = Set.of("jpeg", "jpg", "png", "bmp", "gif");
    /** Most source pixels an image may claim (a guard against headers claiming absurd sizes). */
    private static final long MAX_PIXELS = 1L << 30;

    /** Why a file could not be turned into an image. */
    public static final class UndecodableException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean notAnImage;

        UndecodableException(String reason, boolean notAnImage, Throwable cause) {
            super(reason, cause);
            this.notAnImage = notAnImage;
        }

        /** @return true when no image reader recognised the content, false when it is corrupt */
        public boolean notAnImage() {
            return notAnImage;
        }
    }

    private ImageDecoder() {}

    /**
     * @param file an image file
     * @param side the side of the square result
     * @return {@code 3 × side × side} bytes, CHW, RGB
     * @throws UndecodableException if it is not an image or is corrupt, with the reason
     */
    public static byte[] decode(Path file, int side) throws UndecodableException {
        return decode(() -> new FileImageInputStream(file.toFile()), side);
    }

    /**
     * @param content an image file's bytes
     * @param side the side of the square result
     * @return {@code 3 × side × side} bytes, CHW, RGB, as {@link #decode(Path, int)} gives for a file of that content
     * @throws UndecodableException if it is not an image or is corrupt, with the reason
     */
    public static byte[] decode(byte[] content, int side) throws UndecodableException {
        return decode(() -> new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(content)), side);
    }

    /** Opens the stream an image is read from. */
    private interface Source {
        ImageInputStream open() throws IOException;
    }

    private static byte[] decode(Source source, int side) throws UndecodableException {
        try (ImageInputStream in = source.open()) {
            return decode(in, side);
        } catch (IOException e) {
            throw new UndecodableException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), false, e);
        }
    }

    private static byte[] decode(ImageInputStream in, int side) throws UndecodableException {
        try {
            ImageReader reader = readerFor(in);
            if (reader == null) {
                throw new UndecodableException("not an image (no JPEG, PNG, BMP or GIF content)", true, null);
            }
            try {
                reader.setInput(in, true, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS) {
                    throw new UndecodableException("claims a size of " + w + " × " + h, false, null);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = ImageResize.subsampling(w, h, side);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                java.awt.Rectangle region = ImageResize.region(w, h, step);
                if (region != null) {
                    param.setSourceRegion(region);
                }
                BufferedImage image = read(reader, param, w, h);
                if (!warnings.isEmpty()) {
                    throw new UndecodableException(warnings.get(0).replaceAll("\\s+", " "), false, null);
                }
                return ImageResize.squareChw(image, side);
            } finally {
                reader.dispose();
            }
        } catch (UndecodableException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ");
            throw new UndecodableException(why, false, e);
        }
    }

    /** Reads the image, naming its size where the JVM runs out of memory for it. */
    private static BufferedImage read(ImageReader reader, ImageReadParam param, int w, int h)
            throws IOException, UndecodableException {
        try {
            return reader.read(0, param);
        } catch (OutOfMemoryError e) {
            throw new UndecodableException("decoding its " + w + " × " + h + " pixels ran out of memory: give the JVM"
                    + " more (DISTILL4J_JAVA_OPTS=-Xmx…) or shrink the image", false, e);
        }
    }

    /**
     * The decoding of the folder cache, for single files ({@code predict}): the same pixels as a
     * cached folder image of the same side.
     *
     * @param file an image file
     * @param side the side of the square result
     * @return {@code 3 × side × side} bytes, CHW, RGB
     * @throws BadInputException if it is not an image or is corrupt, naming the file
     */
    public static byte[] read(Path file, int side) {
        try {
            return decode(file, side);
        } catch (UndecodableException e) {
            throw new BadInputException(e.notAnImage()
                    ? file + " is not an image distill4j can read: give JPEG, PNG, BMP or GIF files"
                    : "cannot decode image " + file + " (" + e.getMessage() + "): the file is corrupt or truncated;"
                            + " replace or remove it", e);
        }
    }

    private static ImageReader readerFor(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format;
            try {
                format = reader.getFormatName().toLowerCase(Locale.ROOT);
            } catch (IOException e) {
                continue;
            }
            if (FORMATS.contains(format)) {
                return reader;
            }
            reader.dispose();
        }
        return null;
    }
}
