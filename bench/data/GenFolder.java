import java.awt.image.BufferedImage;
import java.io.File;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/** Writes ROOT/c<k>/img<i>.jpg: classes × perClass JPEGs of side × side, a class colour, gradients and noise. */
public class GenFolder {
    public static void main(String[] a) throws Exception {
        File root = new File(a[0]);
        int classes = Integer.parseInt(a[1]), per = Integer.parseInt(a[2]), side = Integer.parseInt(a[3]);
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        AtomicInteger done = new AtomicInteger();
        for (int c = 0; c < classes; c++) {
            File dir = new File(root, "c" + c); dir.mkdirs();
            final int cc = c;
            for (int i = 0; i < per; i++) {
                final int ii = i;
                pool.submit(() -> {
                    java.util.Random r = new java.util.Random(cc * 1_000_003L + ii);
                    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
                    int base = (cc * 37) % 256, gx = r.nextInt(3) + 1, gy = r.nextInt(3) + 1;
                    for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) {
                        int v = (base + x * gx / 4 + r.nextInt(16)) & 255, w = (y * gy / 2 + cc * 20) & 255;
                        img.setRGB(x, y, v << 16 | w << 8 | ((x + y) / 2 & 255));
                    }
                    try { ImageIO.write(img, "jpg", new File(dir, "img" + ii + ".jpg")); } catch (Exception e) { throw new RuntimeException(e); }
                    int n = done.incrementAndGet();
                    if (n % 10000 == 0) System.out.println(n + " images");
                    return null;
                });
            }
        }
        pool.shutdown(); pool.awaitTermination(1, TimeUnit.DAYS);
        System.out.println("done " + done.get());
    }
}
