package io.distill4j.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.Json;
import io.distill4j.Provenance;
import io.distill4j.model.ModelManifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key–value description every export carries (ONNX {@code metadata_props}, the safetensors
 * header's {@code __metadata__}): the manifest's architecture, input contract and class names, and
 * whether batch norm was folded into the convolutions. Lists are JSON arrays.
 */
public final class ExportMetadata {
    private static final ObjectMapper JSON = Json.mapper();

    private ExportMetadata() {}

    /**
     * @param manifest what the weights are
     * @param batchNormFolded whether the exported graph has batch norm folded into its convolutions
     * @return the entries, in a fixed order
     */
    public static Map<String, String> of(ModelManifest manifest, boolean batchNormFolded) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("architecture", manifest.architecture());
        m.put("class_names", json(manifest.classNames()));
        m.put("input_side", Integer.toString(manifest.inputSide()));
        m.put("input_layout", "NCHW");
        m.put("channel_order", ModelManifest.CHANNEL_ORDER);
        m.put("value_range", ModelManifest.VALUE_RANGE);
        m.put("mean", json(floats(manifest.normalization().mean())));
        m.put("std", json(floats(manifest.normalization().std())));
        m.put("normalization", "input = (pixel - mean) / std per channel, pixels 0-255 RGB; not in the graph");
        m.put("batch_norm_folded", Boolean.toString(batchNormFolded));
        m.put("dataset", manifest.dataset());
        m.put("distill4j_version", Provenance.productVersion());
        return m;
    }

    private static List<Float> floats(float[] values) {
        return List.of(values[0], values[1], values[2]);
    }

    /**
     * @param value a list of strings or numbers
     * @return it as JSON (also a valid Python literal)
     */
    static String json(Object value) {
        try {
            return JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
