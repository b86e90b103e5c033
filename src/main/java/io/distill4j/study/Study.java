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
import io.distill4j.train.SgdMomentum;
import io.distill4j.train.TrainingListener;
import io.distill4j.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparative study: trains (or loads) the teacher, trains one student per α in a single pass
 * that shares the teacher's forward, scores everything on train / validation / test, and leaves
 * the results in a {@link RunDirectory}.
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
     * @param data the dataset (official train and test sets)
     * @return the results, also written into the run directory
     * @throws IOException if results cannot be written
     */
    public Outcome run(Dataset data) throws IOException {
        ImageSet all = config.trainLimit() > 0 ? data.train().head(config.trainLimit()) : data.train();
        Split split = Split.holdOut(all, config.validationFraction(), config.splitSeed());
        Normalization norm = Normalization.of(split.train());
        run.writeConfig(config, data, split, norm);

        List<EpochMetrics> metrics = new ArrayList<>();
        List<TrainingListener> all2 = new ArrayList<>(listeners);
        all2.add(new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                metrics.add(m);
            }
        });
        all2.add(run.metricsListener());
        TrainingLoop loop = new TrainingLoop(all2);
        Map<String, Object> timing = new LinkedHashMap<>();
        List<ModelResult> results = new ArrayList<>();

        BatchSource train = new BatchSource(split.train(), norm, config.batchSize());
        BatchSource val = new BatchSource(split.validation(), norm, EVAL_BATCH);
        BatchSource trainEval = new BatchSource(split.train(), norm, EVAL_BATCH);
        BatchSource test = new BatchSource(data.test(), norm, EVAL_BATCH);
        Device cpu = Device.cpu();
        try (NDManager manager = NDManager.newBaseManager(cpu)) {
            Network teacher = null;
            double teacherSeconds = 0;
            try {
                if (config.teacherWeights() != null) {
                    teacher = Network.load(config.teacherModel(), config.teacherWeights(), cpu);
                } else {
                    teacher = Network.create(config.teacherModel(), config.seed(), cpu);
                    Learner learner = new Learner("teacher", teacher, CrossEntropy.INSTANCE,
                            new SgdMomentum(config.teacherOptimizer()));
                    TrainingLoop.PhaseTiming t = loop.run("teacher", List.of(learner), null, train, val,
                            config.teacherEpochs(), config.seed(), config.augment(), manager);
                    teacherSeconds = t.totalSeconds();
                    timing.put("teacher_train_img_per_s", t.images() * config.teacherEpochs() / t.stepSeconds().get(0));
                    timing.put("teacher_phase_seconds", t.totalSeconds());
                    teacher.save(run.modelFile("teacher"));
                }
                teacher.freeze();
                results.add(score("teacher", teacher, "teacher", null, teacherSeconds, trainEval, val, test, manager));
                trainStudents(loop, teacher, train, val, trainEval, test, manager, results, timing);
            } finally {
                if (teacher != null) {
                    teacher.close();
                }
            }
        }
        Outcome outcome = new Outcome(results, metrics, timing);
        run.writeResults(config, outcome);
        return outcome;
    }

    private void trainStudents(TrainingLoop loop, Network teacher, BatchSource train, BatchSource val,
            BatchSource trainEval, BatchSource test, NDManager manager, List<ModelResult> results,
            Map<String, Object> timing) throws IOException {
        List<Learner> learners = new ArrayList<>();
        try {
            for (double alpha : config.alphas()) {
                // The same initial weights for every student: only the objective differs.
                Network net = Network.create(config.studentModel(), config.seed() + 1, Device.cpu());
                learners.add(new Learner(StudyConfig.studentName(alpha), net,
                        ResponseKd.of(alpha, config.temperature()), new SgdMomentum(config.studentOptimizer())));
            }
            TrainingLoop.PhaseTiming t = loop.run("students", learners, config.distils() ? teacher : null,
                    train, val, config.studentEpochs(), config.seed() + 1, config.augment(), manager);
            long images = t.images() * config.studentEpochs();
            timing.put("students_phase_seconds", t.totalSeconds());
            timing.put("teacher_inference_img_per_s", t.teacherSeconds() > 0 ? images / t.teacherSeconds() : null);
            timing.put("data_pipeline_seconds", t.dataSeconds());
            double shared = (t.dataSeconds() + t.teacherSeconds() + t.evalSeconds()) / learners.size();
            for (int i = 0; i < learners.size(); i++) {
                Learner l = learners.get(i);
                double step = t.stepSeconds().get(i);
                double alpha = config.alphas().get(i);
                timing.put(l.name() + "_step_img_per_s", images / step);
                if (alpha < 1) {
                    timing.put(l.name() + "_distill_step_img_per_s", images / (step + t.teacherSeconds()));
                }
                l.network().save(run.modelFile(l.name()));
                results.add(score(l.name(), l.network(), "student", alpha, step + shared, trainEval, val, test, manager));
            }
        } finally {
            learners.forEach(l -> l.network().close());
        }
    }

    private ModelResult score(String name, Network net, String role, Double alpha, double seconds,
            BatchSource trainEval, BatchSource val, BatchSource test, NDManager manager) {
        return new ModelResult(name, net.architecture(), role, alpha,
                Evaluator.score(net, trainEval, manager).accuracy(),
                Evaluator.score(net, val, manager).accuracy(),
                Evaluator.score(net, test, manager).accuracy(),
                net.trainableParameters(), net.sizeMb(), net.macsPerImage(), seconds);
    }
}
