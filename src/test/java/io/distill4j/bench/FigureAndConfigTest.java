package io.distill4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill4j.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FigureAndConfigTest {
    @Test
    void medianOfAnOddCountIsTheMiddleSample() {
        Figure f = Figure.of(30, 10, 20);
        assertThat(f.median()).isEqualTo(20);
        assertThat(f.min()).isEqualTo(10);
        assertThat(f.max()).isEqualTo(30);
        assertThat(f.repetitions()).isEqualTo(3);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Figure.of(4, 1, 10, 2).median()).isEqualTo(3);
        assertThat(Figure.of(7).median()).isEqualTo(7);
    }

    @Test
    void scalingScalesEveryValue() {
        Figure f = Figure.of(1, 2, 4).times(1.5);
        assertThat(f.min()).isCloseTo(1.5, within(1e-12));
        assertThat(f.median()).isCloseTo(3, within(1e-12));
        assertThat(f.max()).isCloseTo(6, within(1e-12));
    }

    @Test
    void aFigureNeedsSamplesInOrder() {
        assertThatThrownBy(Figure::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Figure(5, 6, 7, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachModelGetsTheBatchItIsTrainedWith() {
        BenchConfig c = BenchConfig.defaults();
        assertThat(c.models()).containsExactly("alexnet", "student-cnn", "alexnet-227", "student-227");
        assertThat(c.batchFor("student-cnn")).isEqualTo(128);
        assertThat(c.batchFor("alexnet-227")).isEqualTo(64);
        assertThat(new BenchConfig(List.of("alexnet"), 32, 1, 1, 1, 64).batchFor("alexnet-227")).isEqualTo(32);
    }

    @Test
    void badSettingsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> new BenchConfig(List.of("resnet"), 0, 1, 1, 1, 64))
                .isInstanceOf(BadInputException.class).hasMessageContaining("valid models are alexnet, student-cnn");
        assertThatThrownBy(() -> new BenchConfig(List.of(), 0, 1, 1, 1, 64)).hasMessageContaining("--model");
        assertThatThrownBy(() -> new BenchConfig(List.of("alexnet"), -1, 1, 1, 1, 64)).hasMessageContaining("--batch");
        assertThatThrownBy(() -> new BenchConfig(List.of("alexnet"), 0, 0, 1, 1, 64)).hasMessageContaining("--warmup");
        assertThatThrownBy(() -> new BenchConfig(List.of("alexnet"), 0, 1, 1, 0, 64)).hasMessageContaining("--seconds");
        assertThatThrownBy(() -> new BenchConfig(List.of("alexnet"), 0, 1, 1, 1, 8)).hasMessageContaining("--matmul-side");
    }
}
