package io.distill4j.engine;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Java arrays and libtorch tensors, both ways; libtorch scalars. */
public final class Tensors {
    private Tensors() {}

    /**
     * @param value a number
     * @return libtorch's scalar of {@code value}
     */
    public static Scalar scalar(double value) {
        return new Scalar(value);
    }

    /**
     * @param data values in row-major order
     * @param shape the shape
     * @return a float32 CPU tensor holding a copy of {@code data}
     */
    public static Tensor floats(float[] data, long... shape) {
        Torch.start();
        return AbstractTensor.create(data, shape);
    }

    /**
     * @param data values in row-major order
     * @param shape the shape
     * @return an int64 CPU tensor holding a copy of {@code data}
     */
    public static Tensor longs(long[] data, long... shape) {
        Torch.start();
        return AbstractTensor.create(data, shape);
    }

    /**
     * @param t any tensor
     * @return its values as float32, row-major, copied to the JVM
     */
    public static float[] toFloats(Tensor t) {
        try (Tensor c = cpuContiguous(t, ScalarType.Float)) {
            float[] out = new float[Math.toIntExact(c.numel())];
            ((FloatBuffer) c.createBuffer()).get(out);
            return out;
        }
    }

    /**
     * @param t any integer tensor
     * @return its values as int64, row-major, copied to the JVM
     */
    public static long[] toLongs(Tensor t) {
        try (Tensor c = cpuContiguous(t, ScalarType.Long)) {
            long[] out = new long[Math.toIntExact(c.numel())];
            ((LongBuffer) c.createBuffer()).get(out);
            return out;
        }
    }

    private static Tensor cpuContiguous(Tensor t, ScalarType type) {
        try (Device cpu = new Device("cpu")) {
            return t.detach().to(cpu, type).contiguous();
        }
    }

    /**
     * Makes a native object outlive the pointer scopes it was made in: the scopes around a batch free
     * what was made inside them when they close, except objects kept this way, which live until
     * their owner closes them (or the garbage collector collects them).
     *
     * @param p a tensor, module or other native object
     * @param <P> its type
     * @return {@code p}
     */
    public static <P extends Pointer> P keep(P p) {
        return p.retainReference();
    }

    /**
     * @param module a libtorch module
     * @return its parameters, then its buffers (e.g. batch-norm statistics), by their dotted names,
     *     in registration order; each its own handle (the dictionary's entries are references into
     *     a native dictionary that is freed with its Java object)
     */
    public static Map<String, Tensor> named(Module module) {
        Map<String, Tensor> all = new LinkedHashMap<>();
        var params = module.named_parameters(true);
        for (long i = 0; i < params.size(); i++) {
            all.put(params.get(i).key().getString(), new Tensor(params.get(i).access()));
        }
        var buffers = module.named_buffers(true);
        for (long i = 0; i < buffers.size(); i++) {
            all.put(buffers.get(i).key().getString(), new Tensor(buffers.get(i).access()));
        }
        return all;
    }

    /**
     * @param module a libtorch module
     * @return its buffers (e.g. batch-norm statistics) in registration order, each its own handle
     */
    public static java.util.List<Tensor> buffers(Module module) {
        java.util.List<Tensor> all = new java.util.ArrayList<>();
        var buffers = module.buffers(true);
        for (long i = 0; i < buffers.size(); i++) {
            all.add(new Tensor(buffers.get(i)));
        }
        return all;
    }

    /**
     * @param t any tensor
     * @return its shape
     */
    public static Dims dims(Tensor t) {
        return Dims.of(t.shape());
    }
}
