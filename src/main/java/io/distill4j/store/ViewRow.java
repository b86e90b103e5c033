package io.distill4j.store;

import io.distill4j.engine.Tensors;
import io.distill4j.model.ModelOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored view as a store's columns hold it (see {@link ViewFile} for the columns): what every
 * writer of a store, single-process or distributed, encodes from the teacher's outputs.
 *
 * @param position the view's place in its epoch's order
 * @param sample the index of its image in the students' training images (training split or unlabelled)
 * @param values the logits (every one, or the top k, largest first) as float32, or null when float16
 * @param halves the same as IEEE half bit patterns, or null when float32
 * @param topIndex the classes of the top-k logits, or null when every logit is stored
 * @param rest the log-mean-exp of the logits outside the top k (unused without top-k)
 * @param features each stored feature's values, flattened, by name
 */
public record ViewRow(int position, int sample, float[] values, short[] halves, int[] topIndex, float rest,
        Map<String, float[]> features) {
    /** Column of {@link #position}. */
    public static final String POSITION = "position";
    /** Column of {@link #sample}. */
    public static final String SAMPLE = "sample";
    /** Column of every logit, when no top-k is kept. */
    public static final String LOGITS = "logits";
    /** Column of {@link #topIndex}. */
    public static final String TOPK_INDEX = "topk_index";
    /** Column of the top-k logits. */
    public static final String TOPK_LOGIT = "topk_logit";
    /** Column of {@link #rest}. */
    public static final String REST_LOGIT = "rest_logit";
    /** Prefix of a feature's column, before the feature's name. */
    public static final String FEATURE = "feature_";

    /**
     * @param first position of the batch's first view
     * @param samples the image index of each view of the batch
     * @param out the teacher's outputs on the batch, holding every stored feature
     * @param logits how logits are stored
     * @param features the stored features
     * @return one row per view, in batch order
     */
    public static List<ViewRow> encode(int first, int[] samples, ModelOutput out, StoreManifest.Logits logits,
            List<String> features) {
        int classes = (int) out.logits().size(1);
        float[] exact = Tensors.toFloats(out.logits());
        short[] halves = logits.precision().equals("float16") ? ViewFile.halves(out.logits()) : null;
        Map<String, float[]> featureValues = new LinkedHashMap<>();
        for (String f : features) {
            featureValues.put(f, Tensors.toFloats(out.feature(f)));
        }
        int[] every = java.util.stream.IntStream.range(0, classes).toArray();
        List<ViewRow> rows = new ArrayList<>(samples.length);
        for (int i = 0; i < samples.length; i++) {
            int from = i * classes;
            int[] picked;
            float rest = 0;
            if (logits.topK() == 0) {
                picked = null;
            } else {
                ViewFile.TopK top = ViewFile.TopK.of(exact, from, classes, logits.topK());
                picked = top.indices();
                rest = top.rest();
            }
            int[] at = picked != null ? picked : every;
            float[] v = halves == null ? new float[at.length] : null;
            short[] h = halves != null ? new short[at.length] : null;
            for (int k = 0; k < at.length; k++) {
                if (v != null) {
                    v[k] = exact[from + at[k]];
                } else {
                    h[k] = halves[from + at[k]];
                }
            }
            Map<String, float[]> f = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : featureValues.entrySet()) {
                int size = e.getValue().length / samples.length;
                f.put(e.getKey(), java.util.Arrays.copyOfRange(e.getValue(), i * size, (i + 1) * size));
            }
            rows.add(new ViewRow(first + i, samples[i], v, h, picked, rest, f));
        }
        return rows;
    }
}
