package io.distill4j.data.images;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Makes a square RGB image of side N from a decoded image of any size, type and aspect ratio: to
 * RGB (grey replicated, palette looked up, alpha dropped as PIL's {@code convert("RGB")} does),
 * shorter side scaled to N, centre crop N × N. Downscaling halves the image with bilinear
 * interpolation (at exactly one half that is the mean of each 2 × 2 block) while it stays at least
 * twice the target, then one bilinear step to the target: the quality of an area filter without
 * its cost, where a single bilinear step from far above would alias. Upscaling is one bilinear
 * step. An image already N × N is copied unchanged.
 */
final class ImageResize {
    private ImageResize() {}

    /** Most pixels a decode holds at once (64 MB as int RGB), whatever the image's shape. */
    static final long DECODE_BUDGET = 1L << 24;

    /**
     * @return the source subsampling step that keeps at least four times the target on the
     *     shorter side (1 below that): bounds the memory of decoding huge images
     */
    static int subsampling(int width, int height, int side) {
        return Math.max(1, Math.min(width, height) / (4 * side));
    }

    /**
     * What to decode of an image so that at most {@link #DECODE_BUDGET} pixels are held: the whole
     * image where that fits at {@code step} (every ordinary photo: its pixels do not change), else
     * only the centred square of the shorter side, which is all the centre crop keeps of an image
     * far longer than wide (a 200 × 4,000,000 strip would otherwise decode to 3 GB).
     *
     * @param width the image's width
     * @param height the image's height
     * @param step the subsampling step of {@link #subsampling}
     * @return the source region to read, or {@code null} for the whole image
     */
    static java.awt.Rectangle region(int width, int height, int step) {
        if ((long) (width / step) * (height / step) <= DECODE_BUDGET) {
            return null;
        }
        int s = Math.min(width, height);
        return new java.awt.Rectangle((width - s) / 2, (height - s) / 2, s, s);
    }

    /** @return {@code 3 × side × side} CHW bytes of the resized, centre-cropped image */
    static byte[] squareChw(BufferedImage image, int side) {
        BufferedImage rgb = scale(toRgb(image), side);
        int w = rgb.getWidth();
        int x0 = (w - side) / 2;
        int y0 = (rgb.getHeight() - side) / 2;
        int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int plane = side * side;
        byte[] out = new byte[3 * plane];
        for (int y = 0; y < side; y++) {
            int src = (y0 + y) * w + x0;
            for (int x = 0; x < side; x++) {
                int v = px[src + x];
                int at = y * side + x;
                out[at] = (byte) (v >> 16);
                out[plane + at] = (byte) (v >> 8);
                out[2 * plane + at] = (byte) v;
            }
        }
        return out;
    }

    /** @return a {@code TYPE_INT_RGB} copy; grey samples are taken as they are (no gamma change) */
    static BufferedImage toRgb(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        ColorModel cm = src.getColorModel();
        if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = src.getRaster();
            int max = (1 << cm.getComponentSize(0)) - 1;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    dst[y * w + x] = (int) ((row[x] * 255L + max / 2) / max) * 0x010101;
                }
            }
        } else if (STANDARD_RGB.contains(src.getType())) {
            Raster raster = src.getRaster();
            int bands = raster.getNumBands();
            int[] row = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
                for (int x = 0, i = 0; x < w; x++, i += bands) {
                    dst[y * w + x] = row[i] << 16 | row[i + 1] << 8 | row[i + 2];
                }
            }
        } else {
            src.getRGB(0, 0, w, h, dst, 0, w);
        }
        return out;
    }

    /**
     * Image types whose raster bands are sRGB red, green, blue (then alpha, not premultiplied):
     * read as samples, about 3× faster than {@code getRGB}'s per-pixel colour model calls.
     */
    private static final java.util.Set<Integer> STANDARD_RGB = java.util.Set.of(
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR);

    private static BufferedImage scale(BufferedImage rgb, int side) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        double s = side / (double) Math.min(w, h);
        int tw = w <= h ? side : Math.max(side, (int) Math.round(w * s));
        int th = h < w ? side : Math.max(side, (int) Math.round(h * s));
        BufferedImage current = rgb;
        while (current.getWidth() / 2 >= tw && current.getHeight() / 2 >= th) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != tw || current.getHeight() != th) {
            current = draw(current, tw, th);
        }
        return current;
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
