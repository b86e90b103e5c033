package io.distill4j.store;

import io.distill4j.engine.Tensors;
import io.distill4j.model.ModelOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * One Parquet file of teacher outputs: a row per training view with its {@code position} in the
 * epoch order, its {@code sample} (training-split index), the logits (all, or top-k with the rest
 * folded, see {@link StoreManifest.Logits}) and one {@code feature_<name>} list per stored feature.
 * Lists are Parquet's standard three-level {@code LIST}; float16 values are IEEE half bit patterns in
 * int16 columns, which pandas reads with {@code .view(numpy.float16)}.
 */
final class ViewFile {
    private ViewFile() {}

    /**
     * @param logits how logits are stored
     * @param features stored feature names
     * @return the files' schema
     */
    static MessageType schema(StoreManifest.Logits logits, List<String> features) {
        boolean half = logits.precision().equals("float16");
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.INT32).named(ViewRow.POSITION);
        b.required(PrimitiveTypeName.INT32).named(ViewRow.SAMPLE);
        if (logits.topK() == 0) {
            values(b, ViewRow.LOGITS, half);
        } else {
            b.requiredList().requiredElement(PrimitiveTypeName.INT32).named(ViewRow.TOPK_INDEX);
            values(b, ViewRow.TOPK_LOGIT, half);
            b.required(PrimitiveTypeName.FLOAT).named(ViewRow.REST_LOGIT);
        }
        features.forEach(f -> values(b, ViewRow.FEATURE + f, false));
        return b.named("teacher_outputs");
    }

    private static void values(Types.MessageTypeBuilder b, String name, boolean half) {
        if (half) {
            b.requiredList().requiredElement(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(name);
        } else {
            b.requiredList().requiredElement(PrimitiveTypeName.FLOAT).named(name);
        }
    }

    /** Appends the outputs of batches to one file. */
    static final class Writer implements AutoCloseable {
        private final ParquetWriter<Group> parquet;
        private final SimpleGroupFactory rows;
        private final StoreManifest.Logits logits;
        private final List<String> features;

        /**
         * @param file the new file
         * @param logits how logits are stored
         * @param features the features stored, each of which every appended output holds
         * @throws IOException if it cannot be created
         */
        Writer(Path file, StoreManifest.Logits logits, List<String> features) throws IOException {
            MessageType schema = schema(logits, features);
            // Version-2 pages without dictionaries: one encoding per column chunk. Version-1 pages list
            // two (levels and values) from a HashSet of enum constants, whose order follows identity
            // hash codes: the footer's bytes then differed between processes writing the same rows.
            this.parquet = ExampleParquetWriter.builder(new LocalOutputFile(file))
                    .withConf(new PlainParquetConfiguration()).withType(schema)
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0).withDictionaryEncoding(false).build();
            this.rows = new SimpleGroupFactory(schema);
            this.logits = logits;
            this.features = List.copyOf(features);
        }

        /**
         * @param first position of the batch's first view in the epoch order
         * @param samples training-split index of each view
         * @param out the teacher's outputs on the batch
         * @throws IOException if writing fails
         */
        void append(int first, int[] samples, ModelOutput out) throws IOException {
            for (ViewRow view : ViewRow.encode(first, samples, out, logits, features)) {
                Group row = rows.newGroup().append(ViewRow.POSITION, view.position()).append(ViewRow.SAMPLE, view.sample());
                if (view.topIndex() == null) {
                    list(row, ViewRow.LOGITS, view);
                } else {
                    Group index = row.addGroup(ViewRow.TOPK_INDEX);
                    for (int c : view.topIndex()) {
                        index.addGroup("list").append("element", c);
                    }
                    list(row, ViewRow.TOPK_LOGIT, view);
                    row.append(ViewRow.REST_LOGIT, view.rest());
                }
                for (String f : features) {
                    Group list = row.addGroup(ViewRow.FEATURE + f);
                    for (float x : view.features().get(f)) {
                        list.addGroup("list").append("element", x);
                    }
                }
                parquet.write(row);
            }
        }

        private static void list(Group row, String name, ViewRow view) {
            Group list = row.addGroup(name);
            if (view.values() != null) {
                for (float x : view.values()) {
                    list.addGroup("list").append("element", x);
                }
            } else {
                for (short x : view.halves()) {
                    list.addGroup("list").append("element", (int) x);
                }
            }
        }

        @Override
        public void close() throws IOException {
            parquet.close();
        }
    }

    /** @return the engine's float16 rounding of {@code values}, as bit patterns */
    static short[] halves(Tensor values) {
        try (Tensor h = values.detach().to(ScalarType.Half).contiguous()) {
            short[] out = new short[Math.toIntExact(values.numel())];
            ((ShortBuffer) h.cpu().createBuffer()).get(out);
            return out;
        }
    }

    /** @return float16 bit patterns as float32 values, converted by the engine */
    static float[] floats(short[] halves) {
        try (PointerScope scope = new PointerScope()) {
            Tensor h = AbstractTensor.create(halves, halves.length).view(ScalarType.Half);
            return Tensors.toFloats(h);
        }
    }

    /**
     * The k largest logits of one row and the log-mean-exp of the others.
     *
     * @param indices the classes of the k largest, largest first (ties: lower class first)
     * @param rest log of the mean of {@code exp} over the other classes
     */
    record TopK(int[] indices, float rest) {
        static TopK of(float[] logits, int from, int classes, int k) {
            Integer[] order = new Integer[classes];
            for (int c = 0; c < classes; c++) {
                order[c] = c;
            }
            java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[from + b], logits[from + a]));
            int[] top = new int[Math.min(k, classes)];
            for (int j = 0; j < top.length; j++) {
                top[j] = order[j];
            }
            if (top.length == classes) {
                return new TopK(top, Float.NEGATIVE_INFINITY);
            }
            double max = logits[from + order[top.length]];
            double sum = 0;
            for (int j = top.length; j < classes; j++) {
                sum += Math.exp(logits[from + order[j]] - max);
            }
            return new TopK(top, (float) (max + Math.log(sum / (classes - top.length))));
        }
    }
}
