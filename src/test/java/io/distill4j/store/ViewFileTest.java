package io.distill4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import io.distill4j.engine.Tensors;
import io.distill4j.model.ModelOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One part of a store written and read back: float32 exact, float16 rounded, top-k folded. */
class ViewFileTest {
    @TempDir Path tmp;

    /** Writes positions 0..3 in two batches, the second first, and reads them back. */
    private ViewReader.Rows roundTrip(String precision, int topK, float[] logits, float[] embedding) throws Exception {
        List<String> features = embedding == null ? List.of() : List.of("embedding");
        Path dir = Files.createDirectories(tmp.resolve(precision + topK));
        try (StoreWriter w = new StoreWriter(dir, new StoreManifest.Logits(precision, topK), features)) {
            for (int first : new int[] {2, 0}) {
                Map<String, Tensor> f = embedding == null ? Map.of() : Map.of("embedding",
                        Tensors.floats(java.util.Arrays.copyOfRange(embedding, first * 3, first * 3 + 6), 2, 3));
                w.append(first, new int[] {10 + first, 11 + first},
                        new ModelOutput(Tensors.floats(java.util.Arrays.copyOfRange(logits, first * 4, first * 4 + 8), 2, 4), f));
            }
            w.commit();
        }
        return ViewReader.read(dir, 4, 4, new StoreManifest.Logits(precision, topK), features);
    }

    private static final float[] LOGITS = {
        1, 2, 3, 4,
        0.1f, -2, 3.14159f, 0,
        -1, -1, -1, -1,
        100, 50, 60, -100,
    };

    @Test
    void float32LogitsAndFeaturesComeBackExactlyInPositionOrder() throws Exception {
        float[] embedding = new float[12];
        for (int i = 0; i < 12; i++) {
            embedding[i] = i * 0.25f - 1;
        }
        ViewReader.Rows rows = roundTrip("float32", 0, LOGITS, embedding);
        assertThat(rows.samples()).containsExactly(10, 11, 12, 13);
        assertThat(rows.logits()).containsExactly(LOGITS);
        assertThat(rows.features().get("embedding")).containsExactly(embedding);
    }

    @Test
    void float16LogitsAreTheEnginesHalfPrecisionRounding() throws Exception {
        ViewReader.Rows rows = roundTrip("float16", 0, LOGITS, null);
        // numpy: float16(0.1) = 0.099975586, float16(3.14159) = 3.140625
        assertThat(rows.logits()[4]).isEqualTo(0.099975586f);
        assertThat(rows.logits()[6]).isEqualTo(3.140625f);
        assertThat(rows.logits()[0]).isEqualTo(1f);
        assertThat(rows.logits()[13]).isEqualTo(50f);
    }

    @Test
    void topKKeepsTheLargestAndFoldsTheRestIntoTheirLogMeanExp() throws Exception {
        ViewReader.Rows rows = roundTrip("float32", 2, LOGITS, null);
        // row 0: 4 and 3 kept; the rest ln((e^1 + e^2) / 2) = 1.6201145
        assertThat(rows.logits()[3]).isEqualTo(4f);
        assertThat(rows.logits()[2]).isEqualTo(3f);
        assertThat(rows.logits()[0]).isCloseTo(1.6201145f, within(1e-6f));
        assertThat(rows.logits()[1]).isEqualTo(rows.logits()[0]);
        // row 2: all equal; ties keep the lower classes, the rest is their own value
        assertThat(java.util.Arrays.copyOfRange(rows.logits(), 8, 12)).containsOnly(-1f);
        // row 3: 100 and 60 kept, the rest ln((e^50 + e^-100) / 2) = 50 − ln 2 without overflow
        assertThat(rows.logits()[12]).isEqualTo(100f);
        assertThat(rows.logits()[14]).isEqualTo(60f);
        assertThat(rows.logits()[13]).isCloseTo((float) (50 - Math.log(2)), within(1e-5f));
    }

    @Test
    void aPartMissingPositionsOrHoldingThemTwiceIsRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("part"));
        StoreManifest.Logits logits = new StoreManifest.Logits("float32", 0);
        try (StoreWriter w = new StoreWriter(dir, logits, List.of())) {
            w.append(0, new int[] {5, 6}, new ModelOutput(Tensors.floats(new float[8], 2, 4), Map.of()));
            w.commit();
        }
        assertThatThrownBy(() -> ViewReader.read(dir, 3, 4, new StoreManifest.Logits("float32", 0), List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("lacks position 2 of 3");
        assertThatThrownBy(() -> ViewReader.requireRows(dir, 3))
                .isInstanceOf(BadInputException.class).hasMessageContaining("holds 2 views where 3 belong");
        Files.copy(dir.resolve(StoreWriter.FILE), dir.resolve("part-00001.parquet"));
        assertThatThrownBy(() -> ViewReader.read(dir, 4, 4, new StoreManifest.Logits("float32", 0), List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("has position 0 twice");
    }

    @Test
    void aPartWrittenWithoutCommitLeavesNoFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("uncommitted"));
        try (StoreWriter w = new StoreWriter(dir, new StoreManifest.Logits("float32", 0), List.of())) {
            w.append(0, new int[] {5, 6}, new ModelOutput(Tensors.floats(new float[8], 2, 4), Map.of()));
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList())
                        .singleElement().asString().startsWith(".part-00000.parquet.").endsWith(".tmp");
            }
        }
        assertThat(StoreWriter.committed(dir)).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
