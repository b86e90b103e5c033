package io.distill4j.engine;

import java.lang.reflect.InvocationTargetException;

/**
 * The compute capability of a CUDA device, read from libtorch's device properties. Those are
 * classes of JavaCPP's CUDA presets, which only the {@code gpu} Maven profile bundles, so they are
 * reached by name: the default (CPU) build compiles and runs without them.
 */
final class CudaCapability {
    private CudaCapability() {}

    /**
     * @param index a CUDA device index
     * @return its major compute capability (8 for Ampere), or 0 where libtorch's CUDA classes are absent
     */
    static int major(int index) {
        try {
            Object properties = Class.forName("org.bytedeco.pytorch.global.torch_cuda")
                    .getMethod("getDeviceProperties", byte.class).invoke(null, (byte) index);
            return (Integer) properties.getClass().getMethod("major").invoke(properties);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException | LinkageError e) {
            return 0;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot read the properties of CUDA device " + index, e.getCause());
        }
    }
}
