package io.distill4j.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * An image of any size as a model takes it: RGB (grey is spread over the three channels; transparent
 * areas are drawn onto black), the shorter side scaled to {@code N}, then the centre {@code N × N}
 * square, as 8-bit channel planes (CHW). The centre square is cut first, in source pixels, and
 * scaled once: the same picture as scaling then cropping, without scaling what is thrown away.
 * Shrinking goes by halves (bilinear, each a 2×2 average) until within a factor 2 of {@code N},
 * then one bilinear step, so large reductions do not alias as a single bilinear step would.
 */
public final class ImageResize {
    private ImageResize() {}

    /**
     * @param image a decoded image, e.g. from {@code javax.imageio.ImageIO.read}
     * @param side the square side {@code N}, at least 1
     * @return {@code 3 × N × N} bytes: the R plane, then G, then B, each row by row
     */
    public static byte[] toChw(BufferedImage image, int side) {
        if (side < 1) {
            throw new IllegalArgumentException("side must be at least 1, got " + side);
        }
        int square = Math.min(image.getWidth(), image.getHeight());
        BufferedImage current = draw(image.getSubimage(
                (image.getWidth() - square) / 2, (image.getHeight() - square) / 2, square, square), square);
        while (current.getWidth() / 2 >= side) {
            current = draw(current, current.getWidth() / 2);
        }
        if (current.getWidth() != side) {
            current = draw(current, side);
        }
        int[] argb = current.getRGB(0, 0, side, side, null, 0, side);
        int plane = side * side;
        byte[] chw = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            chw[i] = (byte) (argb[i] >>> 16);
            chw[plane + i] = (byte) (argb[i] >>> 8);
            chw[2 * plane + i] = (byte) argb[i];
        }
        return chw;
    }

    /** Draws {@code source} scaled to {@code side × side} (bilinear) onto a new opaque RGB image. */
    private static BufferedImage draw(BufferedImage source, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, side, side, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
