package io.distill4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitAndNormalizationTest {
    private static ImageSet numbered(int n) {
        byte[] px = new byte[n * ImageSet.IMAGE_BYTES];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(px, i * ImageSet.IMAGE_BYTES, (i + 1) * ImageSet.IMAGE_BYTES, (byte) i);
            labels[i] = (byte) (i % 10);
        }
        return new ImageSet(px, labels);
    }

    @Test
    void holdOutIsSeededDisjointAndComplete() {
        ImageSet all = numbered(100);
        Split a = Split.holdOut(all, 0.1, 1);
        Split b = Split.holdOut(all, 0.1, 1);
        assertThat(a.validation().size()).isEqualTo(10);
        assertThat(a.train().size()).isEqualTo(90);
        assertThat(a.validation()).isEqualTo(b.validation());
        assertThat(Split.holdOut(all, 0.1, 2).validation()).isNotEqualTo(a.validation());
        Set<Byte> seen = new HashSet<>();
        for (ImageSet s : new ImageSet[] {a.train(), a.validation()}) {
            for (int i = 0; i < s.size(); i++) {
                assertThat(seen.add(s.image(i)[0])).isTrue();
            }
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void badFractionsAndEmptySetsAreRejected() {
        assertThatThrownBy(() -> Split.holdOut(numbered(10), 1.0, 1)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Split.holdOut(numbered(10), -0.1, 1)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Normalization.of(numbered(0))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Normalization.of(numbered(1))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("constant");
    }

    @Test
    void normalizationIsPerChannelMeanAndPopulationStd() {
        byte[] px = new byte[2 * ImageSet.IMAGE_BYTES];
        int plane = ImageSet.SIDE * ImageSet.SIDE;
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                java.util.Arrays.fill(px, i * ImageSet.IMAGE_BYTES + c * plane, i * ImageSet.IMAGE_BYTES + (c + 1) * plane,
                        (byte) (i == 0 ? 10 * (c + 1) : 200));
            }
        }
        Normalization n = Normalization.of(new ImageSet(px, new byte[] {0, 1}));
        assertThat(n.mean()[0]).isCloseTo(105f, within(1e-4f));
        assertThat(n.std()[0]).isCloseTo(95f, within(1e-4f));
        assertThat(n.mean()[2]).isCloseTo(115f, within(1e-4f));
        assertThat(n.std()[2]).isCloseTo(85f, within(1e-4f));
    }

    @Test
    void imageSetRejectsBadLabelsAndSizes() {
        assertThatThrownBy(() -> new ImageSet(new byte[ImageSet.IMAGE_BYTES], new byte[] {10}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("outside 0–9");
        assertThatThrownBy(() -> new ImageSet(new byte[5], new byte[] {1}))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void syntheticDataIsSeededBalancedAndValid() {
        Dataset a = new SyntheticCifar(3).generate(200, 50);
        Dataset b = new SyntheticCifar(3).generate(200, 50);
        assertThat(a.train()).isEqualTo(b.train());
        assertThat(new SyntheticCifar(4).generate(200, 50).train()).isNotEqualTo(a.train());
        int[] counts = new int[10];
        for (int i = 0; i < a.train().size(); i++) {
            counts[a.train().label(i)]++;
        }
        assertThat(counts).containsOnly(20);
        assertThatThrownBy(() -> new SyntheticCifar(1).generate(0, 10)).isInstanceOf(BadInputException.class);
    }
}
