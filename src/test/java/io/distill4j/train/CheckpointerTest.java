package io.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill4j.BadInputException;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.Normalization;
import io.distill4j.data.SyntheticCifar;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.distill.Methods;
import io.distill4j.distill.Objective;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.engine.Tensors;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {
    private static final Dataset DATA = new SyntheticCifar(5).generate(256, 64);
    private static final Normalization NORM = Normalization.of(DATA.train());

    @TempDir Path tmp;

    private static Learner learner(Objective objective) {
        return new Learner("s", Network.create("student-cnn", 4, ComputeDevice.cpu()), objective,
                new SgdMomentum(new OptimizerConfig(0.05, 0.9, 5e-4, 0.5)));
    }

    private static void train(Learner l, Checkpointer c, int epochs, int first) {
        train(l, List.of(c), epochs, first);
    }

    private static void train(Learner l, List<TrainingListener> listeners, int epochs, int first) {
        new TrainingLoop(listeners).run(new TrainingLoop.Plan("p", epochs, first, 3, true, false), List.of(l),
                l.objective().needsTeacher() ? TeacherOutputs.live(TEACHER) : null,
                new BatchSource(DATA.train(), NORM, 64), new BatchSource(DATA.test(), NORM, 64));
    }

    /** A frozen teacher for objectives that need one. */
    private static final Network TEACHER = Network.create("resnet8", 9, ComputeDevice.cpu());

    /** CRD keeps state per training image and draws negatives per step: all of it must come back. */
    private static Objective crd() {
        Network shape = Network.create("student-cnn", 4, ComputeDevice.cpu());
        return Methods.create("crd", Map.of("crd.negatives", 40.0, "crd.dim", 16.0),
                new Methods.Context(shape, TEACHER, 4, 5, DATA.train().size(), DATA.train().labels()));
    }

    private static float[] output(Learner l) {
        BatchSource src = new BatchSource(DATA.test(), NORM, 64);
        return Tensors.toFloats(l.network().forward(src.batch(new int[] {0, 1, 2, 3}, 0, false, null).images(), false));
    }

    @Test
    void restoringAnEpochCheckpointContinuesExactlyLikeAnUninterruptedRun() {
        restoresExactly(() -> CrossEntropy.INSTANCE);
    }

    @Test
    void aCrdStudentWithItsHeadsBanksAndSamplerResumesExactly() {
        restoresExactly(CheckpointerTest::crd);
    }

    private void restoresExactly(java.util.function.Supplier<Objective> objective) {
        Learner straight = learner(objective.get());
        train(straight, new Checkpointer(tmp.resolve("a")), 3, 1);

        Checkpointer first = new Checkpointer(tmp.resolve("b"));
        Learner before = learner(objective.get());
        TrainingListener crashAfterFirstEpoch = new TrainingListener() {
            @Override
            public void onEpochEnd(String phase, int epoch, List<Learner> learners) {
                throw new IllegalStateException("simulated crash");
            }
        };
        assertThatThrownBy(() -> train(before, List.of(first, crashAfterFirstEpoch), 3, 1))
                .hasMessage("simulated crash");
        Learner after = learner(objective.get());
        Checkpointer second = new Checkpointer(tmp.resolve("b"));
        Checkpointer.Restored restored = second.restore("p", List.of(after));
        assertThat(restored.epochsDone()).isEqualTo(1);
        assertThat(restored.history()).hasSize(1);
        assertThat(after.optimizer().steps()).isEqualTo(before.optimizer().steps());
        train(after, second, 3, 2);
        assertThat(output(after)).containsExactly(output(straight));
        List.of(straight, before, after).forEach(l -> l.network().close());
    }

    @Test
    void nonFiniteLossStopsNamingModelEpochAndBatchAndKeepsTheLastCheckpoint() throws Exception {
        int[] calls = {0};
        int stepsPerEpoch = 4;
        Objective explodesInEpochTwo = new Objective() {
            @Override
            public Tensor loss(ModelOutput s, Tensor labels, ModelOutput t, double epoch) {
                Tensor ce = CrossEntropy.of(s.logits(), labels);
                return ++calls[0] == stepsPerEpoch + 2 ? ce.mul(Tensors.scalar(Float.NaN)) : ce;
            }

            @Override
            public boolean needsTeacher() {
                return false;
            }

        };
        Learner l = learner(explodesInEpochTwo);
        Checkpointer c = new Checkpointer(tmp);
        assertThatThrownBy(() -> train(l, c, 3, 1))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("loss of s became NaN at epoch 2, batch 2");
        Learner fresh = learner(CrossEntropy.INSTANCE);
        assertThat(new Checkpointer(tmp).restore("p", List.of(fresh)).epochsDone()).isEqualTo(1);
        l.network().close();
        fresh.network().close();
    }

    @Test
    void corruptOrForeignCheckpointsGiveAClearError() throws Exception {
        Learner l = learner(CrossEntropy.INSTANCE);
        Checkpointer c = new Checkpointer(tmp);
        train(l, c, 1, 1);
        Path file = c.file("p");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(tmp).isDirectoryNotContaining("glob:**.tmp");
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> new Checkpointer(tmp).restore("p", List.of(learner(CrossEntropy.INSTANCE))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("delete it to restart");
        Files.write(file, bytes);
        List<Learner> two = new ArrayList<>(List.of(learner(CrossEntropy.INSTANCE), learner(CrossEntropy.INSTANCE)));
        assertThatThrownBy(() -> new Checkpointer(tmp).restore("p", two))
                .isInstanceOf(BadInputException.class).hasMessageContaining("holds 1 models");
        assertThat(new Checkpointer(tmp).restore("other", List.of(l)).epochsDone()).isZero();
        l.network().close();
    }

    @Test
    void aCheckpointWithCorruptParametersIsBadInput() throws Exception {
        Learner l = learner(CrossEntropy.INSTANCE);
        Checkpointer c = new Checkpointer(tmp);
        train(l, c, 1, 1);
        byte[] bytes = Files.readAllBytes(c.file("p"));
        // The first tensor's header: its element-type code (TensorIO's float32, 0) right after its name.
        int name = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("conv1.weight");
        assertThat(name).isPositive();
        int at = name + "conv1.weight".length();
        assertThat(bytes[at]).isZero();
        bytes[at] = 'X';
        Files.write(c.file("p"), bytes);
        assertThatThrownBy(() -> new Checkpointer(tmp).restore("p", List.of(learner(CrossEntropy.INSTANCE))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("delete it to restart");
        Files.write(c.file("p"), "not a checkpoint at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new Checkpointer(tmp).restore("p", List.of(learner(CrossEntropy.INSTANCE))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("delete it to restart");
        l.network().close();
    }

    @Test
    void aFaultWhileRestoringASoundCheckpointIsAFailureNotBadInput() {
        boolean[] broken = {false};
        Objective faulty = new Objective() {
            @Override
            public Tensor loss(ModelOutput s, Tensor labels, ModelOutput t, double epoch) {
                return CrossEntropy.INSTANCE.loss(s, labels, t, epoch);
            }

            @Override
            public boolean needsTeacher() {
                return false;
            }

            @Override
            public Module trainable() {
                if (broken[0]) {
                    throw new IllegalStateException("a bug in the objective");
                }
                return null;
            }
        };
        Learner l = learner(faulty);
        train(l, new Checkpointer(tmp), 1, 1);
        Learner again = learner(faulty);
        broken[0] = true;
        assertThatThrownBy(() -> new Checkpointer(tmp).restore("p", List.of(again)))
                .isNotInstanceOf(BadInputException.class)
                .hasMessageContaining(tmp.resolve("p.ckpt").toString())
                .hasMessageContaining("a bug in the objective")
                .hasMessageNotContaining("delete it")
                .satisfies(e -> assertThat(causes(e)).noneMatch(BadInputException.class::isInstance))
                .rootCause().hasMessage("a bug in the objective");
        l.network().close();
        again.network().close();
    }

    /** The CLI reports exit code 2 when any cause is a {@link BadInputException}. */
    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
