package io.distill4j.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.export.onnx.OnnxProto.ModelProto;
import io.distill4j.export.onnx.OnnxProto.NodeProto;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.ModelRegistry;
import io.distill4j.model.NetLayer;
import io.distill4j.model.SavedModel;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The ONNX export of every registered architecture, run by ONNX Runtime (Java) as it is, against
 * distill4j's own forward pass on the same normalized inputs.
 */
class OnnxExportTest {
    private static final int IMAGES = 3;

    @TempDir Path tmp;

    @Test
    void theCasesCoverEveryRegisteredArchitecture() {
        assertThat(ExportFixtures.CASES.stream().map(ExportFixtures.Case::architecture).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(ModelRegistry.names());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("io.distill4j.export.ExportFixtures#CASES")
    void onnxRuntimeGivesDistill4jsLogits(ExportFixtures.Case c) throws Exception {
        Path weights = ExportFixtures.save(c, 7, tmp);
        Exporter.Result r = Exporter.export(weights, ExportFormat.ONNX, tmp.resolve("onnx"));
        assertThat(r.files()).containsExactly(tmp.resolve("onnx/model.onnx"));
        float[] x = ExportFixtures.inputs(IMAGES, c.side(), 3);
        float[] expected = ExportFixtures.logits(weights, x, IMAGES);
        OrtEnvironment env = ExportFixtures.onnxRuntime();
        try (OrtSession session = env.createSession(r.files().get(0).toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {IMAGES, 3, c.side(), c.side()});
                OrtSession.Result out = session.run(Map.of(OnnxGraph.INPUT, input))) {
            float[][] logits = (float[][]) out.get(OnnxGraph.OUTPUT).orElseThrow().getValue();
            assertThat(logits).hasNumberOfRows(IMAGES);
            float[] flat = new float[IMAGES * c.classes()];
            for (int i = 0; i < IMAGES; i++) {
                assertThat(logits[i]).hasSize(c.classes());
                System.arraycopy(logits[i], 0, flat, i * c.classes(), c.classes());
            }
            double diff = ExportFixtures.maxAbsDiff(flat, expected);
            System.out.printf(Locale.ROOT, "ONNX Runtime vs distill4j, %s: max |Δ logit| = %.3g (logits up to %.3g)%n", c, diff,
                    maxAbs(expected));
            assertThat(diff).as("max |Δ logit| of %s", c).isLessThan(1e-4);

            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            ObjectMapper json = new ObjectMapper();
            assertThat(json.readValue(meta.get("class_names"), List.class)).isEqualTo(ExportFixtures.classNames(c.classes()));
            assertThat(meta).containsEntry("input_side", Integer.toString(c.side())).containsEntry("batch_norm_folded", "true")
                    .containsEntry("architecture", c.architecture());
            assertThat(json.readValue(meta.get("mean"), double[].class)).containsExactly(125.3, 122.9, 113.8);
            assertThat(json.readValue(meta.get("std"), double[].class)).containsExactly(63.0, 62.1, 66.7);
        }
        ModelProto proto;
        try (InputStream in = Files.newInputStream(r.files().get(0))) {
            proto = ModelProto.parseFrom(in);
        }
        assertThat(proto.getOpsetImport(0).getVersion()).isGreaterThanOrEqualTo(13);
        List<String> ops = proto.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        assertThat(ops).doesNotContain("Dropout").contains("Conv", "Gemm");
        assertThat(ops.stream().filter("BatchNormalization"::equals).count()).isEqualTo(unfoldable(c.architecture()));
        assertThat(ops.contains("Resize")).isEqualTo(c.side() != ModelRegistry.get(c.architecture()).inputSide()
                && !ModelRegistry.followsImageSize(c.architecture()));
        try (SavedModel saved = SavedModel.load(weights, ComputeDevice.cpu())) {
            assertThat(r.foldedBatchNorms()).isEqualTo(ExportFixtures.leaves(saved.network().layers())
                    .filter(l -> l instanceof NetLayer.Norm).count() - unfoldable(c.architecture()));
        }
    }

    /**
     * WRN's pre-activation batch norms open each block or follow the last addition, after no
     * convolution: they stay, one per block (3 stages of (depth − 4) / 6) and the last.
     */
    private static long unfoldable(String architecture) {
        return switch (architecture) {
            case "wrn-16-1", "wrn-16-2" -> 3 * 2 + 1;
            case "wrn-40-1", "wrn-40-2" -> 3 * 6 + 1;
            default -> 0;
        };
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }
}
