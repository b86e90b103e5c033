package io.distill4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageResizeTest {
    /** Every colour type converts to the RGB that {@code getRGB} gives, alpha dropped. */
    @ParameterizedTest
    @ValueSource(ints = {
        BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_INT_ARGB_PRE,
        BufferedImage.TYPE_USHORT_565_RGB, BufferedImage.TYPE_BYTE_INDEXED
    })
    void colourTypesBecomeTheirSrgbValues(int type) {
        BufferedImage src = new BufferedImage(7, 5, type);
        Random rng = new Random(type);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                src.setRGB(x, y, rng.nextInt());
            }
        }
        BufferedImage rgb = ImageResize.toRgb(src);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                assertThat(rgb.getRGB(x, y) & 0xFFFFFF).isEqualTo(src.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    /** Grey samples are replicated as they are; 16-bit ones are scaled to 8 bits. */
    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY})
    void greySamplesAreKeptWithoutAGammaChange(int type) {
        BufferedImage src = new BufferedImage(4, 3, type);
        int max = type == BufferedImage.TYPE_BYTE_GRAY ? 255 : 65535;
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                src.getRaster().setSample(x, y, 0, (x * 3 + y) * max / 11);
            }
        }
        BufferedImage rgb = ImageResize.toRgb(src);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                int v = Math.round((x * 3 + y) * 255 / 11f);
                assertThat(Math.abs((rgb.getRGB(x, y) & 0xFF) - v)).isLessThanOrEqualTo(1);
                assertThat(rgb.getRGB(x, y) & 0xFFFFFF).isEqualTo((rgb.getRGB(x, y) & 0xFF) * 0x010101);
            }
        }
    }
}
