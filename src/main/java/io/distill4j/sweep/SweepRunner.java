package io.distill4j.sweep;

import io.distill4j.BadInputException;
import io.distill4j.data.Dataset;
import io.distill4j.data.catalog.Datasets;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.settings.StudyConfig;
import io.distill4j.study.RunDirectory;
import io.distill4j.study.ScoredTeacher;
import io.distill4j.study.Study;
import io.distill4j.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a sweep's teachers and cells, each as a study in its own folder under the lock of {@link
 * RunDirectory}: a complete cell is skipped, an interrupted one continues from its checkpoints (as
 * {@code study --resume} does), a cell whose lock another worker holds is left to it, and a cell
 * that fails is recorded as failed with its message while the others go on.
 */
public final class SweepRunner {
    private final Path sweep;
    private final SweepPlan plan;
    private final List<ComputeDevice> devices;
    private final List<TrainingListener> listeners;
    private final PrintWriter log;
    private final PrintStream console;
    private final Map<Datasets.Request, Dataset> data = new HashMap<>();

    /**
     * What one call ran.
     *
     * @param done cells finished now
     * @param skipped cells already complete
     * @param busy cells another worker holds
     * @param failed cells that failed now
     */
    public record Summary(int done, int skipped, int busy, int failed) {}

    /**
     * @param sweep the sweep directory
     * @param plan its plan
     * @param devices where to train (see {@link Study})
     * @param listeners receivers of training progress
     * @param log where one line per teacher and cell goes
     * @param console where data loading reports progress
     */
    public SweepRunner(Path sweep, SweepPlan plan, List<ComputeDevice> devices, List<TrainingListener> listeners,
            PrintWriter log, PrintStream console) {
        this.sweep = sweep;
        this.plan = plan;
        this.devices = List.copyOf(devices);
        this.listeners = List.copyOf(listeners);
        this.log = log;
        this.console = console;
    }

    /**
     * Trains every teacher the sweep trains itself, once; a trained one is skipped and an
     * interrupted one continues from its checkpoint.
     *
     * @throws BadInputException if a given teacher is missing or another process trains one now
     * @throws IllegalStateException naming the teacher if its training fails
     */
    public void trainTeachers() {
        for (SweepPlan.Teacher t : plan.teachers()) {
            String what = "teacher " + t.index();
            if (t.given() != null) {
                say(what + ": " + t.given() + " (given by the sweep file)");
                continue;
            }
            Path dir = SweepLayout.teacherDir(sweep, t.index());
            Attempt a = attempt(what, dir, t.hash(), t.config(), false, null);
            if (a.result() == Result.FAILED) {
                throw new IllegalStateException(what + " failed: " + a.error());
            }
            if (a.result() == Result.BUSY) {
                throw new BadInputException(what + " is being trained by another process" + RunDirectory.lockHolder(dir)
                        + ": wait for it to finish");
            }
        }
    }

    /**
     * @param cells the numbers of the cells to run, in order
     * @return what was run, skipped and failed
     * @throws BadInputException before anything runs, if a cell's teacher is not trained, a cell
     *     folder belongs to another plan, or a teacher disagrees with its cells' data
     */
    public Summary run(List<Integer> cells) {
        for (int k : cells) {
            SweepPlan.Cell cell = plan.cell(k);
            Path dir = SweepLayout.cellDir(sweep, k);
            CellState state = CellState.read(dir);
            if (state != null) {
                state.requireOf("cell " + k, dir, plan.hash(), cell.hash());
            }
            requireTeacher(cell);
            Study.checkTeacher(cell.runConfig(plan, sweep), dataset(cell.runConfig(plan, sweep)));
        }
        int done = 0;
        int skipped = 0;
        int busy = 0;
        int failed = 0;
        for (int k : cells) {
            SweepPlan.Cell cell = plan.cell(k);
            Attempt a = attempt("cell " + k + " (" + cell.label() + ")", SweepLayout.cellDir(sweep, k), cell.hash(),
                    cell.runConfig(plan, sweep), true, scoredTeacher(cell));
            switch (a.result()) {
                case DONE -> done++;
                case SKIPPED -> skipped++;
                case BUSY -> busy++;
                case FAILED -> failed++;
            }
        }
        return new Summary(done, skipped, busy, failed);
    }

    /** How an attempt at a folder ended. */
    private enum Result { DONE, SKIPPED, BUSY, FAILED }

    /**
     * @param result how it ended
     * @param error the failure's message, {@code null} unless failed
     */
    private record Attempt(Result result, String error) {}

    /**
     * Runs one folder's study unless it is complete or held by another worker.
     *
     * @param scored the teacher's scores where its own run has them, so that no cell scores it again
     */
    private Attempt attempt(String what, Path dir, String hash, StudyConfig config, boolean students,
            ScoredTeacher scored) {
        CellState before = CellState.read(dir);
        if (before != null && before.done()) {
            before.requireOf(what, dir, plan.hash(), hash);
            say(what + ": complete, skipped");
            return new Attempt(Result.SKIPPED, null);
        }
        RunDirectory run = RunDirectory.tryLock(dir);
        if (run == null) {
            say(what + ": in use by another worker" + RunDirectory.lockHolder(dir) + ", left to it");
            return new Attempt(Result.BUSY, null);
        }
        try (run) {
            CellState state = CellState.read(dir);
            if (state != null) {
                state.requireOf(what, dir, plan.hash(), hash);
                if (state.done()) {
                    say(what + ": complete, skipped");
                    return new Attempt(Result.SKIPPED, null);
                }
            }
            boolean resumed = Files.exists(dir.resolve("config.json"));
            say(what + ": " + (resumed ? "resuming from its checkpoints" : "starting") + " in " + dir);
            Dataset dataset = dataset(config);
            CellState running = CellState.started(plan.hash(), hash);
            running.write(dir);
            long start = System.nanoTime();
            String error = null;
            try {
                Study study = new Study(config, run, listeners, devices);
                if (students && scored != null) {
                    study.run(dataset, scored);
                } else if (students) {
                    study.run(dataset);
                } else {
                    study.runTeacher(dataset);
                }
            } catch (IOException | RuntimeException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(e.toString());
            }
            running.ended(error, (System.nanoTime() - start) / 1e9).write(dir);
            say(what + ": " + (error == null ? "done" : "failed: " + error));
            return new Attempt(error == null ? Result.DONE : Result.FAILED, error);
        }
    }

    /** The cell's teacher must exist before the cell starts: the sweep trains it once, not each cell. */
    private void requireTeacher(SweepPlan.Cell cell) {
        SweepPlan.Teacher t = plan.teachers().get(cell.teacher());
        if (t.given() != null) {
            return;
        }
        Path dir = SweepLayout.teacherDir(sweep, t.index());
        CellState state = CellState.read(dir);
        if (state != null) {
            state.requireOf("teacher " + t.index(), dir, plan.hash(), t.hash());
        }
        if (state == null || !state.done() || !Files.isRegularFile(t.weights(sweep))) {
            throw new BadInputException("cell " + cell.index() + " needs teacher " + t.index() + ", which is not trained"
                    + " yet: run distill sweep teacher " + sweep + " first (or wait for it to finish)");
        }
    }

    /**
     * @return the scores of the cell's teacher from the run that trained it on the cell's data
     *     options, or {@code null} for a teacher the sweep file gives (each cell scores that one)
     */
    private ScoredTeacher scoredTeacher(SweepPlan.Cell cell) {
        SweepPlan.Teacher t = plan.teachers().get(cell.teacher());
        if (t.given() != null) {
            return null;
        }
        return ScoredTeacher.read(SweepLayout.teacherDir(sweep, t.index()));
    }

    /** @return the dataset a configuration reads, loaded once per process */
    private Dataset dataset(StudyConfig config) {
        return data.computeIfAbsent(config.dataRequest(), r -> {
            try {
                return Datasets.load(r, console);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the data of " + r.dataset() + ": " + e.getMessage(), e);
            }
        });
    }

    private void say(String line) {
        log.println(line);
        log.flush();
    }
}
