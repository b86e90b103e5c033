import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes an image folder of many classes for store-size checks when no real 100-class data is at
 * hand: {@code train/} and {@code test/} trees of 32×32 PNGs, class c a noisy mix of two colours and
 * a stripe period drawn from a generator seeded with c (so classes overlap, and a teacher's logits
 * spread over several of them, as on real data).
 *
 * <pre>java bench/HundredClassFolder.java OUT [classes=100] [train per class=500] [test per class=100]</pre>
 */
public final class HundredClassFolder {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int classes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int[] perClass = {args.length > 2 ? Integer.parseInt(args[2]) : 500, args.length > 3 ? Integer.parseInt(args[3]) : 100};
        String[] sets = {"train", "test"};
        Random noise = new Random(1);
        for (int c = 0; c < classes; c++) {
            Random look = new Random(1000 + c);
            int a = look.nextInt(0xFFFFFF);
            int b = look.nextInt(0xFFFFFF);
            int period = 2 + look.nextInt(6);
            for (int s = 0; s < 2; s++) {
                Path dir = Files.createDirectories(out.resolve(sets[s]).resolve(String.format("class-%03d", c)));
                for (int i = 0; i < perClass[s]; i++) {
                    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                    int phase = noise.nextInt(period);
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) {
                            int base = ((x + phase) / period) % 2 == 0 ? a : b;
                            int rgb = 0;
                            for (int k = 0; k < 3; k++) {
                                int v = ((base >> (8 * k)) & 0xFF) + noise.nextInt(121) - 60;
                                rgb |= Math.max(0, Math.min(255, v)) << (8 * k);
                            }
                            image.setRGB(x, y, rgb);
                        }
                    }
                    ImageIO.write(image, "png", dir.resolve(i + ".png").toFile());
                }
            }
        }
        System.out.println("wrote " + classes + " classes × (" + perClass[0] + " train + " + perClass[1] + " test) images to " + out);
    }
}
