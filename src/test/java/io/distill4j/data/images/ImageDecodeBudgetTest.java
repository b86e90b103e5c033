package io.distill4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding holds at most {@link ImageResize#DECODE_BUDGET} pixels, whatever an image's shape. */
class ImageDecodeBudgetTest {
    @TempDir Path tmp;

    @Test
    void ordinaryImagesDecodeWholeAndStripsOnlyTheirCentreSquare() {
        // a 4000 × 3000 photo at side 64: step 11 leaves 363 × 272 pixels, far within the budget
        assertThat(ImageResize.region(4000, 3000, ImageResize.subsampling(4000, 3000, 64))).isNull();
        // 200 × 4,000,000 at step 1 would be 800 M pixels: only the centred 200 × 200 square is read
        assertThat(ImageResize.region(200, 4_000_000, ImageResize.subsampling(200, 4_000_000, 64)))
                .isEqualTo(new Rectangle(0, 1_999_900, 200, 200));
        assertThat(ImageResize.region(4_000_000, 200, 1)).isEqualTo(new Rectangle(1_999_900, 0, 200, 200));
        // just at the budget: whole
        assertThat(ImageResize.region(4096, 4096, 1)).isNull();
        assertThat(ImageResize.region(4097, 4096, 1)).isNotNull();
    }

    /** A strip over the budget decodes to exactly the pixels of its centre square saved on its own. */
    @Test
    void aStripDecodesToThePixelsOfItsCentreSquare() throws Exception {
        int h = 40;
        int w = 440_000; // 17.6 M pixels, over the 16.8 M budget
        BufferedImage strip = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) strip.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) (x * 7 + y * 13); // no two columns of the centre alike in a row of 40
            }
        }
        Path stripFile = tmp.resolve("strip.png");
        ImageIO.write(strip, "png", stripFile.toFile());
        Path centreFile = tmp.resolve("centre.png");
        ImageIO.write(strip.getSubimage((w - h) / 2, 0, h, h), "png", centreFile.toFile());
        strip = null;
        assertThat(ImageDecoder.read(stripFile, 32)).isEqualTo(ImageDecoder.read(centreFile, 32));
        // and the left edge is something else: the region is the centre, not the start
        Path left = tmp.resolve("left.png");
        BufferedImage start = new BufferedImage(h, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] lp = ((DataBufferByte) start.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < h; x++) {
                lp[y * h + x] = (byte) (x * 7 + y * 13); // the strip's own first 40 columns
            }
        }
        ImageIO.write(start, "png", left.toFile());
        assertThat(ImageDecoder.read(stripFile, 32)).isNotEqualTo(ImageDecoder.read(left, 32));
    }
}
