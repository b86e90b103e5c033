package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.data.Split;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.eval.Evaluator;
import io.distill4j.model.InputShape;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill evaluate} with and without a manifest beside the weights. */
class EvaluateManifestTest {
    /** Far from the synthetic data's own statistics, so that using it changes the loss. */
    private static final Normalization RECORDED = new Normalization(new float[] {10f, 20f, 30f}, new float[] {200f, 150f, 100f});

    @TempDir Path tmp;

    private static String testLine(Path weights, Normalization norm) {
        Dataset data = new SyntheticCifar(1).generate(SyntheticCifar.DEFAULT_TRAIN, SyntheticCifar.DEFAULT_TEST);
        try (Network net = Network.load("student-cnn", weights, ComputeDevice.cpu())) {
            Evaluator.Score s = Evaluator.score(net, new BatchSource(data.test(), norm, 500));
            return String.format(Locale.ROOT, "%-10s %8d %9.2f%% %8.4f", "test", s.images(), 100 * s.accuracy(), s.loss());
        }
    }

    @Test
    void theRecordedNormalizationIsUsed() throws Exception {
        Path weights = tmp.resolve("student.params");
        Dataset data = new SyntheticCifar(1).generate(SyntheticCifar.DEFAULT_TRAIN, SyntheticCifar.DEFAULT_TEST);
        try (Network net = Network.create("student-cnn", 4, ComputeDevice.cpu())) {
            net.save(weights, ModelManifest.of(net, RECORDED, data.classNames(), "synthetic", null));
        }
        Cli cli = new Cli();
        assertThat(cli.run("evaluate", "--dataset", "synthetic", "--weights", weights.toString())).as(cli.err.toString()).isZero();
        String recomputed = testLine(weights, Normalization.of(Split.holdOut(data.train(), 0.1, 1).train()));
        assertThat(cli.out.toString()).contains(testLine(weights, RECORDED)).doesNotContain(recomputed);
        assertThat(cli.err.toString()).isEmpty();
    }

    @Test
    void weightsWithoutAManifestUseTheOldDefaultsSayItAndCanGetOne() throws Exception {
        Path weights = tmp.resolve("old.params");
        try (Network net = Network.create("student-cnn", 4, ComputeDevice.cpu())) {
            net.save(weights);
        }
        Cli cli = new Cli();
        assertThat(cli.run("evaluate", "--dataset", "synthetic", "--weights", weights.toString(), "--write-manifest"))
                .as(cli.err.toString()).isZero();
        assertThat(cli.err.toString().lines()).singleElement().asString().startsWith("note: ").contains("no manifest");
        ModelManifest written = ModelManifest.read(ModelManifest.pathFor(weights));
        assertThat(written.dataset()).isEqualTo("synthetic");
        assertThat(written.inputShape()).isEqualTo(InputShape.CIFAR10);
        assertThat(cli.out.toString()).contains(testLine(weights, written.normalization()));

        Cli again = new Cli();
        assertThat(again.run("evaluate", "--dataset", "synthetic", "--weights", weights.toString(), "--write-manifest"))
                .isEqualTo(2);
        again.assertOneLineError("already have a manifest");
    }

    @Test
    void weightsOfOtherClassesOrAnotherModelAreRefusedInOneLine() throws Exception {
        Path weights = tmp.resolve("three.params");
        try (Network net = Network.create("student-cnn", 4, ComputeDevice.cpu(), new InputShape(32, 3))) {
            net.save(weights, ModelManifest.of(net, RECORDED, List.of("a", "b", "c"), "folder", null));
        }
        Cli cli = new Cli();
        assertThat(cli.run("evaluate", "--dataset", "synthetic", "--weights", weights.toString())).isEqualTo(2);
        cli.assertOneLineError("weights " + weights + " was trained on 'folder' with 3 classes (a, b, c), not on"
                + " 'synthetic' with 10 classes");
        Cli other = new Cli();
        assertThat(other.run("evaluate", "--model", "alexnet", "--dataset", "synthetic", "--weights", weights.toString()))
                .isEqualTo(2);
        other.assertOneLineError("holds weights of model 'student-cnn', not 'alexnet'");
    }
}
