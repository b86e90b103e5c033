package io.distill4j;

import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;

/**
 * The libtorch in use, as it reports itself: its version, whether it is a CUDA or a CPU build, the
 * platform of its native libraries, and the devices it sees.
 *
 * @param version libtorch's version
 * @param flavour {@code CUDA} if the library was built with CUDA, else {@code CPU}
 * @param library the platform of JavaCPP's native libraries, e.g. {@code linux-x86_64} (with
 *     {@code -gpu} for the CUDA build)
 * @param gpus the GPUs libtorch sees
 * @param defaultDevice the device used unless a run says otherwise
 */
public record Libtorch(String version, String flavour, String library, int gpus, String defaultDevice) {
    /**
     * @return the libtorch of this JVM, loading it if needed
     * @throws RuntimeException or {@link LinkageError} if it cannot be loaded
     */
    public static Libtorch loaded() {
        Torch.start();
        String presets = presetsVersion();
        String version = presets.contains("-") ? presets.substring(0, presets.indexOf('-')) : presets;
        boolean cuda = org.bytedeco.pytorch.global.torch.cuda_is_available();
        int gpus = cuda ? ComputeDevice.gpuCount() : 0;
        return new Libtorch(version, cuda ? "CUDA" : "CPU", Loader.getPlatform() + System.getProperty("org.bytedeco.javacpp.platform.extension", ""), gpus,
                "cpu");
    }

    /** @return the version of the {@code org.bytedeco:pytorch} jar, e.g. {@code 2.10.0-1.5.13} */
    public static String presetsVersion() {
        try (InputStream in = Loader.class.getResourceAsStream("/META-INF/maven/org.bytedeco/pytorch/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** @return entries for {@code config.json}'s provenance */
    public Map<String, Object> entries() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("libtorch", version);
        m.put("libtorch_flavour", flavour);
        m.put("libtorch_library", library);
        m.put("gpus", gpus);
        m.put("default_device", defaultDevice);
        return m;
    }

    /** @return one line, e.g. {@code libtorch 2.10.0, CPU build (linux-x86_64), default device cpu, 0 GPUs} */
    public String describe() {
        return "libtorch " + version + ", " + flavour + " build (" + library + "), default device " + defaultDevice
                + ", " + gpus + (gpus == 1 ? " GPU" : " GPUs");
    }
}
