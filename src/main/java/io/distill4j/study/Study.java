package io.distill4j.study;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.Normalization;
import io.distill4j.data.Split;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.distill.ResponseKd;
import io.distill4j.eval.Evaluator;
import io.distill4j.eval.ModelResult;
import io.distill4j.model.Network;
import io.distill4j.train.EpochMetrics;
import io.distill4j.train.Learner;
import io.distill4j.train.MetricsHistory;
import io.distill4j.train.Checkpointer;
import io.distill4j.train.SgdMomentum;
import io.distill4j.train.TrainingListener;
import io.distill4j.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparative study: trains (or loads) the teacher, trains one student per α in a single pass
 * that shares the teacher's forward, scores everything on train / validation / test, and leaves
 * the results in a {@link RunDirectory}. Each phase is checkpointed at every epoch end and
 * continues from its checkpoint when the run directory has one.
 */
public final class Study {
    private static final int EVAL_BATCH = 500;

    private final StudyConfig config;
    private final RunDirectory run;
    private final List<TrainingListener> listeners;

    /**
     * @param config the settings
     * @param run the run directory results go to
     * @param listeners progress receivers (console, …); the metrics CSV is added here
     */
    public Study(StudyConfig config, RunDirectory run, List<TrainingListener> listeners) {
        this.config = config;
        this.run = run;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * What a study produced.
     *
     * @param models results of the teacher and each student
     * @param metrics every epoch of every model
     * @param timing throughput figures
     */
    public record Outcome(List<ModelResult> models, List<EpochMetrics> metrics, Map<String, Object> timing) {}

    /**
     * Runs the study, continuing from the run directory's checkpoints where there are any.
     *
     * @param data the dataset (official train and test sets)
     * @return the results, also written into the run directory
     * @throws IOException if results cannot be written
     */
    public Outcome run(Dataset data) throws IOException {
        ImageSet all = config.trainLimit() > 0 ? data.train().head(config.trainLimit()) : data.train();
        Split split = Split.holdOut(all, config.validationFraction(), config.splitSeed());
        Normalization norm = Normalization.of(split.train());
        if (!Files.exists(run.path().resolve("config.json"))) {
            run.writeConfig(config, data, split, norm);
        }
        MetricsHistory history = new MetricsHistory();
        Checkpointer checkpoints = run.checkpointer();
        List<TrainingListener> loopListeners = new ArrayList<>(listeners);
        loopListeners.add(history);
        loopListeners.add(run.metricsListener());
        loopListeners.add(checkpoints);
        Phases phases = new Phases(new TrainingLoop(loopListeners), checkpoints, List.of(history, run.metricsListener()),
                new BatchSource(split.train(), norm, config.batchSize()), new BatchSource(split.validation(), norm, EVAL_BATCH));
        Map<String, Object> timing = new LinkedHashMap<>();
        List<ModelResult> results = new ArrayList<>();
        Scorer scorer = new Scorer(new BatchSource(split.train(), norm, EVAL_BATCH), phases.validation,
                new BatchSource(data.test(), norm, EVAL_BATCH));
        Device cpu = Device.cpu();
        try (NDManager manager = NDManager.newBaseManager(cpu)) {
            Network teacher = null;
            try {
                double teacherSeconds = 0;
                teacher = config.teacherWeights() != null
                        ? Network.load(config.teacherModel(), config.teacherWeights(), cpu)
                        : Network.create(config.teacherModel(), config.seed(), cpu);
                run.requireSpace(spaceNeeded(teacher));
                if (config.teacherWeights() == null) {
                    Learner learner = new Learner("teacher", teacher, CrossEntropy.INSTANCE,
                            new SgdMomentum(config.teacherOptimizer()));
                    TrainingLoop.PhaseTiming t = phases.train("teacher", List.of(learner), null,
                            config.teacherEpochs(), config.seed(), manager);
                    if (t != null) {
                        teacherSeconds = t.totalSeconds();
                        timing.put("teacher_train_img_per_s", t.images() / t.stepSeconds().get(0));
                        timing.put("teacher_phase_seconds", t.totalSeconds());
                    }
                    teacher.save(run.modelFile("teacher"));
                }
                teacher.freeze();
                results.add(scorer.score("teacher", teacher, "teacher", null, teacherSeconds, manager));
                trainStudents(phases, scorer, teacher, manager, results, timing);
            } finally {
                if (teacher != null) {
                    teacher.close();
                }
            }
        }
        Outcome outcome = new Outcome(results, List.copyOf(history.rows()), timing);
        run.writeResults(config, outcome);
        return outcome;
    }

    private long spaceNeeded(Network teacher) {
        // final weights + checkpoint (weights and momentum) for the teacher and each student, plus reports
        double mb = 3 * teacher.sizeMb() + 3 * config.alphas().size() * 2.0 + 20;
        return (long) (mb * 1e6);
    }

    /** Trains phases through the loop, resuming each from its checkpoint. */
    private final class Phases {
        private final TrainingLoop loop;
        private final Checkpointer checkpoints;
        private final List<TrainingListener> replay;
        private final BatchSource train;
        private final BatchSource validation;

        Phases(TrainingLoop loop, Checkpointer checkpoints, List<TrainingListener> replay, BatchSource train,
                BatchSource validation) {
            this.loop = loop;
            this.checkpoints = checkpoints;
            this.replay = replay;
            this.train = train;
            this.validation = validation;
        }

        /** @return the timing of the epochs trained now, or null if the checkpoint had them all */
        TrainingLoop.PhaseTiming train(String phase, List<Learner> learners, Network teacher, int epochs, long seed,
                NDManager manager) {
            Checkpointer.Restored restored = checkpoints.restore(phase, learners);
            for (EpochMetrics m : restored.history()) {
                replay.forEach(l -> l.onEpoch(m));
            }
            if (restored.epochsDone() >= epochs) {
                return null;
            }
            TrainingLoop.Plan plan = new TrainingLoop.Plan(phase, epochs, restored.epochsDone() + 1, seed, config.augment());
            return loop.run(plan, learners, teacher, train, validation, manager);
        }
    }

    private void trainStudents(Phases phases, Scorer scorer, Network teacher, NDManager manager,
            List<ModelResult> results, Map<String, Object> timing) throws IOException {
        List<Learner> learners = new ArrayList<>();
        try {
            for (double alpha : config.alphas()) {
                // The same initial weights for every student: only the objective differs.
                Network net = Network.create(config.studentModel(), config.seed() + 1, Device.cpu());
                learners.add(new Learner(StudyConfig.studentName(alpha), net,
                        ResponseKd.of(alpha, config.temperature()), new SgdMomentum(config.studentOptimizer())));
            }
            TrainingLoop.PhaseTiming t = phases.train("students", learners, config.distils() ? teacher : null,
                    config.studentEpochs(), config.seed() + 1, manager);
            double shared = 0;
            if (t != null) {
                timing.put("students_phase_seconds", t.totalSeconds());
                timing.put("teacher_inference_img_per_s", t.teacherSeconds() > 0 ? t.images() / t.teacherSeconds() : null);
                timing.put("data_pipeline_img_per_s", t.images() / t.dataSeconds());
                shared = (t.dataSeconds() + t.teacherSeconds() + t.evalSeconds()) / learners.size();
            }
            for (int i = 0; i < learners.size(); i++) {
                Learner l = learners.get(i);
                double alpha = config.alphas().get(i);
                double seconds = 0;
                if (t != null) {
                    double step = t.stepSeconds().get(i);
                    timing.put(l.name() + "_step_img_per_s", t.images() / step);
                    if (alpha < 1) {
                        timing.put(l.name() + "_distill_step_img_per_s", t.images() / (step + t.teacherSeconds()));
                    }
                    seconds = step + shared;
                }
                l.network().save(run.modelFile(l.name()));
                results.add(scorer.score(l.name(), l.network(), "student", alpha, seconds, manager));
            }
        } finally {
            learners.forEach(l -> l.network().close());
        }
    }

    /** Accuracy on the three splits, in inference mode. */
    private record Scorer(BatchSource train, BatchSource validation, BatchSource test) {
        ModelResult score(String name, Network net, String role, Double alpha, double seconds, NDManager manager) {
            return new ModelResult(name, name, alpha == null ? null : alpha == 1 ? "ce" : "kd", 0, net.architecture(), role, alpha,
                    Evaluator.score(net, train, manager).accuracy(),
                    Evaluator.score(net, validation, manager).accuracy(),
                    Evaluator.score(net, test, manager).accuracy(),
                    net.trainableParameters(), net.sizeMb(), net.macsPerImage(), seconds);
        }
    }
}
