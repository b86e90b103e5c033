package io.distill4j;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The libtorch that DJL loaded, as the engine reports it: its version, whether it is a CUDA or a
 * CPU build, the folder it was loaded from, and the devices it sees.
 *
 * @param version libtorch's version
 * @param flavour {@code CUDA} if the library was built with CUDA, else {@code CPU}
 * @param library the name of the folder DJL loaded it from, which holds DJL's flavour (e.g. {@code
 *     2.7.1-cu128-linux-x86_64}) unless {@code PYTORCH_LIBRARY_PATH} named another
 * @param gpus the GPUs libtorch sees
 * @param defaultDevice the device DJL uses unless told otherwise
 */
public record Libtorch(String version, String flavour, String library, int gpus, String defaultDevice) {
    /**
     * @param engine a loaded engine
     * @param library the folder its native library came from
     * @return what the engine reports
     */
    public static Libtorch of(Engine engine, Path library) {
        Path name = library.getFileName();
        return new Libtorch(engine.getVersion(), engine.hasCapability(StandardCapabilities.CUDA) ? "CUDA" : "CPU",
                name == null ? library.toString() : name.toString(), engine.getGpuCount(),
                engine.defaultDevice().toString());
    }

    /**
     * @return the libtorch of this JVM, loading it if needed
     * @throws ai.djl.engine.EngineException if it cannot be loaded
     */
    public static Libtorch loaded() {
        Engine engine = Engine.getInstance();
        return of(engine, Path.of(LibUtils.getLibtorchPath()));
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

    /** @return one line, e.g. {@code libtorch 2.7.1, CPU build (2.7.1-cpu-linux-x86_64), default device cpu(), 0 GPUs} */
    public String describe() {
        return "libtorch " + version + ", " + flavour + " build (" + library + "), default device " + defaultDevice
                + ", " + gpus + (gpus == 1 ? " GPU" : " GPUs");
    }
}
