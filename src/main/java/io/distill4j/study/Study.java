package io.distill4j.study;

import io.distill4j.cluster.Cluster;
import io.distill4j.data.BatchSource;
import io.distill4j.data.Dataset;
import io.distill4j.data.ImageSet;
import io.distill4j.data.Normalization;
import io.distill4j.data.Split;
import io.distill4j.distill.CrossEntropy;
import io.distill4j.distill.Methods;
import io.distill4j.distill.NotebookLoss;
import io.distill4j.distill.Objective;
import io.distill4j.distill.ResponseKd;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.eval.DeepEvaluation;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.model.Classifier;
import io.distill4j.model.ClassifierShape;
import io.distill4j.model.Network;
import io.distill4j.progress.Progress;
import io.distill4j.settings.StudentRun;
import io.distill4j.settings.StudyConfig;
import io.distill4j.store.TeacherStore;
import io.distill4j.train.BestEpochs;
import io.distill4j.train.Checkpointer;
import io.distill4j.train.DataParallel;
import io.distill4j.train.EpochMetrics;
import io.distill4j.train.Learner;
import io.distill4j.train.MetricsHistory;
import io.distill4j.train.SgdMomentum;
import io.distill4j.train.TeacherOutputs;
import io.distill4j.train.TrainingListener;
import io.distill4j.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.bytedeco.pytorch.Tensor;

/**
 * The comparative study: trains (or loads) the teacher, trains one student per α in a single pass
 * that shares the teacher's forward, scores everything on train / validation / test, and leaves
 * the results in a {@link RunDirectory}. Each phase is checkpointed at every epoch end and
 * continues from its checkpoint when the run directory has one.
 */
public final class Study {
    private final StudyConfig config;
    private final ComputeDevice device;
    private final List<ComputeDevice> devices;
    private final RunDirectory run;
    private final List<TrainingListener> listeners;
    private final Progress progress;
    private final Cluster cluster;

    /**
     * @param config the settings
     * @param run where results go
     * @param listeners receivers of training progress, besides the run directory's own
     * @param devices where the models train: the first holds the weights and runs the teacher and
     *     evaluation; with more than one, every training batch is split across them
     *     ({@link DataParallel})
     */
    public Study(StudyConfig config, RunDirectory run, List<TrainingListener> listeners, List<ComputeDevice> devices) {
        this(config, run, listeners, devices, Progress.SILENT);
    }

    /**
     * @param config the settings
     * @param run where results go
     * @param listeners receivers of training progress, besides the run directory's own
     * @param devices where the models train ({@link #Study(StudyConfig, RunDirectory, List, List)})
     * @param progress where scoring and evaluation after training report how far they are
     */
    public Study(StudyConfig config, RunDirectory run, List<TrainingListener> listeners, List<ComputeDevice> devices,
            Progress progress) {
        this(config, run, listeners, devices, progress, null);
    }

    /**
     * A study whose training phases run on several processes, each with this same study ({@link
     * TrainingLoop#TrainingLoop(List, Cluster, boolean)}); rank 0's checkpoints are every process's.
     *
     * @param cluster the processes, or {@code null} for this one alone
     */
    public Study(StudyConfig config, RunDirectory run, List<TrainingListener> listeners, List<ComputeDevice> devices,
            Progress progress, Cluster cluster) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one device");
        }
        this.devices = List.copyOf(devices);
        this.device = devices.get(0);
        this.config = config.resolvedFor(device);
        this.run = run;
        this.listeners = List.copyOf(listeners);
        this.progress = progress;
        this.cluster = cluster;
    }

    /**
     * What a study produced.
     *
     * @param models results of the teacher and each student
     * @param metrics every epoch of every model
     * @param timing throughput figures
     * @param evaluations test-set evaluation of the teacher and each student
     */
    public record Outcome(List<ModelResult> models, List<EpochMetrics> metrics, Timing timing,
            List<ModelEvaluation> evaluations) {}

    /**
     * Runs the study, continuing from the run directory's checkpoints where there are any.
     *
     * @param data the dataset (official train and test sets)
     * @return the results, also written into the run directory
     * @throws IOException if results cannot be written
     */
    public Outcome run(Dataset data) throws IOException {
        return run(data, true, null);
    }

    /**
     * {@link #run} with a given teacher ({@code --teacher}) already scored on these same splits,
     * e.g. by the teacher run a sweep's cells share: its result and evaluation are taken as they
     * are (the result with this run's seed) instead of being computed again.
     *
     * @param data the dataset (official train and test sets)
     * @param teacher the teacher's scores, from the run that trained it on the same data options
     * @return the results, also written into the run directory
     * @throws IOException if results cannot be written
     */
    public Outcome run(Dataset data, ScoredTeacher teacher) throws IOException {
        if (config.trainsTeacher()) {
            throw new IllegalStateException("scores of a teacher are reused only with a given teacher");
        }
        return run(data, true, teacher);
    }

    /** {@link #run} for the teacher only, e.g. the one a sweep's cells share: trained (or loaded) and scored. */
    public Outcome runTeacher(Dataset data) throws IOException {
        return run(data, false, null);
    }

    private Outcome run(Dataset data, boolean students, ScoredTeacher scored) throws IOException {
        io.distill4j.data.TrainingSplits splits = RunSplits.of(config, data);
        Split split = splits.split();
        Normalization norm = splits.norm();
        StudyModels models = new StudyModels(config, data, norm);
        MethodCheck.run(config, models.shape(), devices.size(), cluster != null);
        TeacherStore store = config.teacherOutputs() == null ? null : StoreViews.open(config, data, splits);
        ScoredTeacher reused = store == null ? scored : StoreViews.scoredTeacher(store);
        int evalBatch = models.evaluationBatch();
        if (!Files.exists(run.path().resolve("config.json"))) {
            run.writeConfig(config, data, split, norm, cluster == null ? 1 : cluster.size());
        }
        MetricsHistory history = new MetricsHistory();
        Checkpointer checkpoints = run.checkpointer();
        List<TrainingListener> loopListeners = new ArrayList<>(listeners);
        loopListeners.add(history);
        loopListeners.add(run.metricsListener());
        BestEpochs best = new BestEpochs(run::bestModelFile, models::save);
        loopListeners.add(best);
        loopListeners.add(checkpoints);
        // The teacher trains on the labelled training split, the students on it or on the unlabelled images.
        Phases phases = new Phases(config, new TrainingLoop(loopListeners, cluster, config.syncBatchNorm()), checkpoints, List.of(history, run.metricsListener(), best),
                new BatchSource(split.train(), norm, config.batchSize()), new BatchSource(splits.studentTrain(), norm, config.batchSize()),
                new BatchSource(split.validation(), norm, evalBatch));
        Timing timing = Timing.on(devices);
        List<ModelResult> results = new ArrayList<>();
        List<ModelEvaluation> evaluations = new ArrayList<>();
        Scorer scorer = new Scorer(new BatchSource(split.train(), norm, evalBatch), phases.validation(),
                new BatchSource(splits.test(), splits.testNorm(), evalBatch), progress, best,
                (architecture, file) -> models.load(architecture, file, device), cluster);
        {
            Classifier teacher = null;
            try {
                double teacherSeconds = 0;
                if (config.trainsTeacher()) {
                    Network trained = models.freshTeacher(device);
                    teacher = trained;
                    run.requireSpace(models.spaceNeeded(trained));
                    Learner learner = learner("teacher", trained, CrossEntropy.INSTANCE,
                            new SgdMomentum(config.teacherOptimizer()));
                    TrainingLoop.PhaseTiming t;
                    try {
                        t = phases.train("teacher", List.of(learner), null, phases.teacherTrain(), config.teacherEpochs(),
                                config.seed());
                    } finally {
                        closeReplicas(List.of(learner));
                    }
                    if (t != null) {
                        teacherSeconds = t.totalSeconds();
                        timing = timing.withTeacher(t);
                    }
                    models.save(trained, run.modelFile("teacher"));
                    trained.freeze();
                } else if (store == null) {
                    teacher = models.givenTeacher(device);
                    run.requireSpace(models.spaceNeeded(teacher));
                }
                if (reused != null) {
                    results.add(reused.result().reusedIn(config.seed()));
                    evaluations.add(reused.evaluation());
                } else {
                    Scorer.Scored s = scorer.score(teacher, new ModelResult("teacher", "teacher", null, config.seed(),
                            config.teacherModel(), "teacher", null, 0, 0, 0, 0, 0, 0, teacherSeconds), null,
                            models.classNames());
                    results.add(s.result());
                    evaluations.add(s.evaluation());
                }
                if (students) {
                    Classifier live = teacher;
                    try (Tensor teacherTest = store != null ? store.testLogits(scorer.test().images().size())
                            : DeepEvaluation.teacherLogits(teacher, scorer.test())) {
                        Teacher frozen = store != null ? new Teacher(store.teacher(), store::outputs, teacherTest, models)
                                : new Teacher(live, seed -> TeacherOutputs.live(live), teacherTest, models);
                        timing = trainStudents(phases, scorer, frozen, new Sinks(results, evaluations), timing);
                    }
                }
            } finally {
                if (teacher != null) {
                    teacher.close();
                }
            }
        }
        Outcome outcome = new Outcome(results, List.copyOf(history.rows()), timing, List.copyOf(evaluations));
        run.writeResults(config, outcome);
        return outcome;
    }

    /**
     * Refuses a reused teacher whose manifest names other classes (or, without {@code
     * --allow-other-data}, another dataset) than {@code data}; call before anything is written.
     *
     * @param config the settings
     * @param data the dataset the study will run on
     * @throws io.distill4j.BadInputException naming both
     */
    public static void checkTeacher(StudyConfig config, Dataset data) {
        StudyModels.checkTeacher(config, data.classNames(), data.fingerprint());
    }

    private Objective objective(StudentRun run, Network student, ClassifierShape teacher, ImageSet train) {
        if (config.methods().isEmpty()) {
            return config.legacyNotebookLoss() ? new NotebookLoss(run.alpha()) : ResponseKd.of(run.alpha(), config.temperature());
        }
        return Methods.create(run.method(), config.methodParams(),
                new Methods.Context(student, teacher, config.temperature(), run.seed() + 2, train.size(),
                        train.labelled() ? train.labels() : null));
    }

    /** @return {@code timing} with the first seed's students phase, where it ran in this call */
    private Timing trainStudents(Phases phases, Scorer scorer, Teacher teacher, Sinks sinks,
            Timing timing) throws IOException {
        List<List<StudentRun>> bySeed = StudentRun.bySeed(config);
        for (List<StudentRun> runs : bySeed) {
            long seed = runs.get(0).seed();
            String phase = bySeed.size() == 1 ? "students" : "students-s" + seed;
            Timing after = trainSeed(phase, runs, phases, scorer, teacher, sinks, timing);
            timing = seed == config.seed() ? after : timing;
        }
        return timing;
    }

    /** Where a phase's results go. */
    private record Sinks(List<ModelResult> results, List<ModelEvaluation> evaluations) {}

    /** The frozen teacher, live or stored: its features, its outputs on each seed's views, its test-set logits. */
    private record Teacher(ClassifierShape shape, LongFunction<TeacherOutputs> outputs, Tensor testLogits,
            StudyModels models) {}

    /** @return {@code timing} with this phase's figures, where it ran in this call */
    private Timing trainSeed(String phase, List<StudentRun> runs, Phases phases, Scorer scorer, Teacher frozen,
            Sinks sinks, Timing timing) throws IOException {
        List<Learner> learners = new ArrayList<>();
        try {
            for (StudentRun r : runs) {
                // The same initial weights for every student of a seed: only the objective differs.
                Network net = frozen.models().student(r.seed() + 1, device);
                learners.add(learner(r.name(), net, objective(r, net, frozen.shape(), phases.studentTrain().images()), new SgdMomentum(config.studentOptimizer())));
            }
            boolean distils = learners.stream().anyMatch(l -> l.objective().needsTeacher());
            TrainingLoop.PhaseTiming t = phases.train(phase, learners, distils ? frozen.outputs().apply(runs.get(0).seed()) : null,
                    phases.studentTrain(), config.studentEpochs(), StudentRun.dataSeed(runs.get(0).seed()));
            double shared = 0;
            if (t != null) {
                shared = (t.dataSeconds() + t.teacherSeconds() + t.evalSeconds()) / learners.size();
                timing = timing.withStudents(t, learners.stream().map(Learner::name).toList(),
                        learners.stream().map(l -> l.objective().needsTeacher()).toList());
            }
            for (int i = 0; i < learners.size(); i++) {
                Learner l = learners.get(i);
                StudentRun r = runs.get(i);
                double seconds = 0;
                if (t != null) {
                    seconds = t.stepSeconds().get(i) + shared;
                }
                frozen.models().save(l.network(), run.modelFile(l.name()));
                Scorer.Scored s = scorer.score(l.network(), new ModelResult(l.name(), r.group(), r.method(), r.seed(),
                        config.studentModel(), "student", r.alpha(), 0, 0, 0, 0, 0, 0, seconds), frozen.testLogits(),
                        frozen.models().classNames());
                sinks.results().add(s.result());
                sinks.evaluations().add(s.evaluation());
            }
        } finally {
            closeReplicas(learners);
            learners.forEach(l -> l.network().close());
        }
        return timing;
    }

    /** A learner on this study's devices: data-parallel where there are several. */
    private Learner learner(String name, Network net, Objective objective, SgdMomentum optimizer) {
        if (devices.size() == 1) {
            return new Learner(name, net, objective, optimizer);
        }
        // Only --methods objectives train blocks of their own, and run() has checked those with MethodCheck.
        return new Learner(name, net, objective, optimizer, DataParallel.of(net, devices.subList(1, devices.size())));
    }

    static java.util.stream.Stream<DataParallel> replicas(List<Learner> learners) {
        return learners.stream().map(Learner::parallel).filter(java.util.Objects::nonNull);
    }

    private static void closeReplicas(List<Learner> learners) {
        replicas(learners).forEach(DataParallel::close);
    }
}
