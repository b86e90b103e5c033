import io.distill4j.api.Data;
import io.distill4j.api.ImageData;
import java.nio.file.Path;

/** Opens an image folder through the Java API, building its decoded cache: java -cp CLASSPATH OpenFolder.java ROOT SIDE */
public class OpenFolder {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (ImageData data = Data.folder(Path.of(args[0]), Integer.parseInt(args[1]))) {
            System.out.printf("opened %s in %.1f s%n", data, (System.nanoTime() - t0) / 1e9);
        }
    }
}
