package io.distill4j.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill4j.AtomicFiles;
import io.distill4j.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the safetensors format: an 8-byte little-endian header length, a JSON header (each
 * tensor's dtype, shape and byte range, and a {@code __metadata__} map of strings), padded with
 * spaces to a multiple of 8 bytes, then the tensors' little-endian bytes back to back.
 */
public final class SafetensorsFile {
    private static final ObjectMapper JSON = Json.mapper();

    /**
     * One tensor.
     *
     * @param dtype safetensors' name of its element type ({@code F32}, {@code I64})
     * @param shape its dimensions ({@code []} for a scalar)
     * @param bytes its elements, little-endian, row-major
     */
    public record Entry(String dtype, long[] shape, byte[] bytes) {
        /**
         * @param t a float32 tensor
         * @return it as an {@code F32} entry
         */
        public static Entry of(Layer.Tensor t) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.values());
            return new Entry("F32", t.shape(), b.array());
        }

        /**
         * @param value a number
         * @return it as an {@code I64} scalar
         */
        public static Entry scalar(long value) {
            return new Entry("I64", new long[0], ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }
    }

    private SafetensorsFile() {}

    /**
     * @param file destination, written atomically
     * @param tensors the tensors by name, in file order
     * @param metadata the header's {@code __metadata__}
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        metadata.forEach(meta::put);
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype());
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + e.getValue().bytes().length);
            offset += e.getValue().bytes().length;
        }
        byte[] json = JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[padded];
        System.arraycopy(json, 0, head, 0, json.length);
        java.util.Arrays.fill(head, json.length, padded, (byte) ' ');
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(head);
            for (Entry e : tensors.values()) {
                out.write(e.bytes());
            }
        });
    }
}
