package io.distill4j.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * One tensor in distill4j's files (weights, checkpoints): its element type (float32 or int64), its
 * rank and sizes, then its values, all big-endian.
 */
public final class TensorIO {
    private static final int FLOAT32 = 0;
    private static final int INT64 = 1;
    private static final int MAX_RANK = 8;

    private TensorIO() {}

    /**
     * @param out destination
     * @param t a float or integer tensor on any device
     * @throws IOException if writing fails
     */
    public static void write(DataOutputStream out, Tensor t) throws IOException {
        boolean integral = !t.is_floating_point();
        out.writeByte(integral ? INT64 : FLOAT32);
        long[] shape = t.shape();
        out.writeByte(shape.length);
        for (long d : shape) {
            out.writeLong(d);
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(t.numel() * (integral ? Long.BYTES : Float.BYTES)))
                .order(ByteOrder.BIG_ENDIAN);
        if (integral) {
            bytes.asLongBuffer().put(Tensors.toLongs(t));
        } else {
            bytes.asFloatBuffer().put(Tensors.toFloats(t));
        }
        out.write(bytes.array());
    }

    /**
     * @param in source
     * @param expected the shape and type the tensor must have (its values are not read)
     * @param what the tensor, for messages
     * @return a CPU tensor with the values read
     * @throws IOException if reading fails
     * @throws Mismatch if the stored tensor has another type or shape than {@code expected}
     * @throws StreamCorruptedException if the data is not a stored tensor
     */
    public static Tensor read(DataInputStream in, Tensor expected, String what) throws IOException {
        int type = in.readByte();
        int rank = in.readByte();
        if ((type != FLOAT32 && type != INT64) || rank < 0 || rank > MAX_RANK) {
            throw new StreamCorruptedException(what + " is stored with type code " + type + " and rank " + rank);
        }
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = in.readLong();
        }
        Dims stored = Dims.of(shape);
        if (!stored.equals(Tensors.dims(expected)) || (type == INT64) == expected.is_floating_point()) {
            throw new Mismatch(what + " of shape " + stored + " is stored where the model has " + Tensors.dims(expected));
        }
        int n = Math.toIntExact(stored.size());
        byte[] raw = in.readNBytes(n * (type == INT64 ? Long.BYTES : Float.BYTES));
        if (raw.length != n * (type == INT64 ? Long.BYTES : Float.BYTES)) {
            throw new java.io.EOFException("the data ends inside " + what);
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        if (type == INT64) {
            long[] v = new long[n];
            bytes.asLongBuffer().get(v);
            return Tensors.longs(v, shape);
        }
        float[] v = new float[n];
        bytes.asFloatBuffer().get(v);
        return Tensors.floats(v, shape);
    }

    /**
     * Writes every parameter and buffer of a module ({@link Tensors#named}), in order.
     *
     * @param out destination
     * @param module the module
     * @throws IOException if writing fails
     */
    public static void writeModule(DataOutputStream out, org.bytedeco.pytorch.Module module) throws IOException {
        for (Tensor t : Tensors.named(module).values()) {
            write(out, t);
        }
    }

    /**
     * Replaces every parameter and buffer of a module with what {@link #writeModule} wrote.
     *
     * @param in source
     * @param module a module of the same structure
     * @param what the module, for messages
     * @throws IOException if reading fails, or with {@link Mismatch} if a tensor does not fit
     */
    public static void readModule(DataInputStream in, org.bytedeco.pytorch.Module module, String what)
            throws IOException {
        for (var e : Tensors.named(module).entrySet()) {
            readInto(in, e.getValue(), what + " " + e.getKey());
        }
    }

    /**
     * Overwrites a tensor (a parameter, a statistic) in place with one {@link #write} wrote.
     *
     * @param in source
     * @param target the tensor, of the stored type and shape
     * @param what the tensor, for messages
     * @throws IOException if reading fails, or with {@link Mismatch} if the stored tensor does not fit
     */
    public static void readInto(DataInputStream in, Tensor target, String what) throws IOException {
        try (NoGradGuard g = new NoGradGuard(); Tensor values = read(in, target, what)) {
            target.copy_(values);
        }
    }

    /** A stored tensor that does not fit the tensor it is read into. */
    public static final class Mismatch extends IOException {
        private static final long serialVersionUID = 1L;

        /** @param message what differs */
        public Mismatch(String message) {
            super(message);
        }
    }
}
