import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.distill4j.api.Data;
import io.distill4j.api.Models;
import io.distill4j.data.BatchSource;
import io.distill4j.data.ImageSet;
import io.distill4j.eval.Evaluator;
import io.distill4j.model.SavedModel;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real-data check of the ONNX export, written against distill4j's public API: exports the
 * weights with {@code Models.export(weights, "onnx", dir)} into a new temporary folder, then runs the
 * first N CIFAR-10 test images through distill4j and through ONNX Runtime, fed the same normalized
 * batches; prints both accuracies, how many predictions differ and the largest logit difference.
 *
 * <pre>java -cp target/distill4j.jar:ONNXRUNTIME_JAR bench/roundtrip/OnnxAccuracy.java WEIGHTS CIFAR_DIR N</pre>
 */
public class OnnxAccuracy {
    public static void main(String[] args) throws Exception {
        Path exported = Files.createTempDirectory("onnx-accuracy").resolve("onnx");
        Path model = Models.export(Path.of(args[0]), "onnx", exported).directory().resolve("model.onnx");
        ImageSet test = Data.cifar10(Path.of(args[1])).test().head(Integer.parseInt(args[2]));
        int n = test.size();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (SavedModel saved = Models.load(Path.of(args[0]), Device.cpu()); NDManager manager = NDManager.newBaseManager();
                OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            BatchSource source = new BatchSource(test, saved.manifest().normalization(), 100);
            long[] counts = new long[3]; // distill4j correct, ONNX Runtime correct, predictions that differ
            double[] maxDiff = {0};
            Evaluator.forEachBatch(source, manager, batch -> {
                float[] ours = saved.network().forward(batch.images(), false).toFloatArray();
                long[] shape = batch.images().getShape().getShape();
                long[] labels = batch.labels().toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.images().toFloatArray()), shape);
                        OrtSession.Result result = session.run(Map.of("input", input))) {
                    float[][] theirs = (float[][]) result.get(0).getValue();
                    int classes = theirs[0].length;
                    for (int i = 0; i < theirs.length; i++) {
                        int a = 0;
                        int b = 0;
                        for (int c = 0; c < classes; c++) {
                            maxDiff[0] = Math.max(maxDiff[0], Math.abs(ours[i * classes + c] - theirs[i][c]));
                            a = ours[i * classes + c] > ours[i * classes + a] ? c : a;
                            b = theirs[i][c] > theirs[i][b] ? c : b;
                        }
                        counts[0] += a == labels[i] ? 1 : 0;
                        counts[1] += b == labels[i] ? 1 : 0;
                        counts[2] += a != b ? 1 : 0;
                    }
                } catch (ai.onnxruntime.OrtException e) {
                    throw new IllegalStateException(e);
                }
            });
            System.out.printf("%s, %d test images: distill4j %.2f %%, ONNX Runtime %.2f %%, %d predictions differ,"
                    + " max |logit diff| %.2e%n", saved.manifest().architecture(), n, 100.0 * counts[0] / n,
                    100.0 * counts[1] / n, counts[2], maxDiff[0]);
        }
    }
}
