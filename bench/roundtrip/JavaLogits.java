import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.Datasets;
import io.distill4j.data.ImageSet;
import io.distill4j.eval.Evaluator;
import io.distill4j.model.SavedModel;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * distill4j's logits for the first N CIFAR-10 test images, as little-endian float32 rows, for the
 * PyTorch round trip (bench/roundtrip/run.sh):
 *
 * <pre>java -cp target/distill4j.jar bench/roundtrip/JavaLogits.java WEIGHTS DATA_DIR N OUT.f32</pre>
 */
public class JavaLogits {
    public static void main(String[] args) throws Exception {
        Path weights = Path.of(args[0]);
        int n = Integer.parseInt(args[2]);
        Dataset data = Datasets.load(Datasets.Request.of("cifar10", null, Path.of(args[1])), System.err);
        ImageSet test = data.test().head(n);
        try (SavedModel saved = SavedModel.load(weights, Device.cpu()); NDManager manager = NDManager.newBaseManager();
                DataOutputStream out = new DataOutputStream(new FileOutputStream(args[3]))) {
            BatchSource source = new BatchSource(test, saved.manifest().normalization(), 100);
            long[] correct = {0};
            Evaluator.forEachBatch(source, manager, batch -> {
                NDArray logits = saved.network().forward(batch.images(), false);
                correct[0] += logits.argMax(1).eq(batch.labels()).sum().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                float[] values = logits.toFloatArray();
                ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(values);
                try {
                    out.write(b.array());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            System.out.printf("distill4j: %d test images, accuracy %.2f %%%n", n, 100.0 * correct[0] / n);
        }
    }
}
