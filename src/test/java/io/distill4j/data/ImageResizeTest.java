package io.distill4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageResizeTest {
    private static BufferedImage stripes(int w, int h, int type) {
        // left quarter red, middle half green, right quarter blue
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 4, h);
        g.setColor(Color.GREEN);
        g.fillRect(w / 4, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 4 + w / 2, 0, w - w / 4 - w / 2, h);
        g.dispose();
        return img;
    }

    @Test
    void keepsTheCentreSquareOfTheShorterSideAsChannelPlanes() {
        // 400×200: the centre 200×200 square is the green half
        byte[] chw = ImageResize.toChw(stripes(400, 200, BufferedImage.TYPE_INT_ARGB), 16);
        assertThat(chw).hasSize(3 * 16 * 16);
        for (int i = 0; i < 256; i++) {
            assertThat(chw[i] & 0xFF).isZero();
            assertThat(chw[256 + i] & 0xFF).isEqualTo(255);
            assertThat(chw[512 + i] & 0xFF).isZero();
        }
        // 200×400 (portrait): the centre square spans all three stripes, red on the left
        byte[] tall = ImageResize.toChw(stripes(200, 400, BufferedImage.TYPE_3BYTE_BGR), 8);
        assertThat(tall[0] & 0xFF).isEqualTo(255); // R plane, row 0, column 0
        assertThat(tall[2 * 64 + 7] & 0xFF).isEqualTo(255); // B plane, row 0, column 7
    }

    @Test
    void greyBecomesThreeEqualChannelsAndSmallImagesAreEnlarged() {
        BufferedImage grey = new BufferedImage(5, 7, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, 5, 7);
        g.dispose();
        byte[] chw = ImageResize.toChw(grey, 32);
        assertThat(chw).hasSize(3 * 32 * 32);
        for (int i = 0; i < 32 * 32; i++) {
            assertThat(chw[i]).isEqualTo(chw[1024 + i]).isEqualTo(chw[2048 + i]);
        }
    }

    @Test
    void largeReductionsAverageInsteadOfSampling() {
        // a one-pixel checkerboard shrunk 64-fold is mid-grey everywhere, not black or white
        BufferedImage board = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 1024; y++) {
            for (int x = 0; x < 1024; x++) {
                board.setRGB(x, y, (x + y) % 2 == 0 ? 0xFFFFFF : 0);
            }
        }
        byte[] chw = ImageResize.toChw(board, 16);
        for (byte b : chw) {
            assertThat(b & 0xFF).isBetween(120, 135);
        }
    }
}
