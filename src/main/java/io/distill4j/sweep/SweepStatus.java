package io.distill4j.sweep;

import io.distill4j.study.RunDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a sweep stands: its cells counted as done, running, failed or pending (never started, or
 * interrupted: its state says running but no process holds its lock, so the next run resumes it).
 *
 * @param done complete cells
 * @param running cells a process holds now
 * @param failed cells that stopped with an error
 * @param pending cells not started or interrupted
 * @param interrupted of the pending cells, those that had started
 * @param details one line per teacher, and per cell that is not done
 */
public record SweepStatus(int done, int running, int failed, int pending, int interrupted, List<String> details) {
    /** Makes the lines immutable. */
    public SweepStatus {
        details = List.copyOf(details);
    }

    /**
     * @param sweep a sweep directory
     * @param plan its plan
     * @return its cells' states; a cell whose state says running is checked by trying its lock
     */
    public static SweepStatus of(Path sweep, SweepPlan plan) {
        List<String> details = new ArrayList<>();
        for (SweepPlan.Teacher t : plan.teachers()) {
            String state = t.given() != null ? "given, " + t.given()
                    : describe(SweepLayout.teacherDir(sweep, t.index()), CellState.read(SweepLayout.teacherDir(sweep, t.index())));
            details.add("teacher " + t.index() + ": " + state);
        }
        int[] counts = new int[5];
        for (SweepPlan.Cell c : plan.cells()) {
            Path dir = SweepLayout.cellDir(sweep, c.index());
            CellState state = CellState.read(dir);
            String text = describe(dir, state);
            int slot = text.startsWith(CellState.DONE) ? 0 : text.startsWith(CellState.RUNNING) ? 1
                    : text.startsWith(CellState.FAILED) ? 2 : 3;
            counts[slot]++;
            if (text.startsWith("interrupted")) {
                counts[4]++;
            }
            if (slot != 0) {
                details.add("cell " + c.index() + " (" + c.label() + "): " + text);
            }
        }
        return new SweepStatus(counts[0], counts[1], counts[2], counts[3], counts[4], details);
    }

    private static String describe(Path dir, CellState state) {
        if (state == null) {
            return "pending";
        }
        if (state.done()) {
            return CellState.DONE;
        }
        if (state.failed()) {
            return CellState.FAILED + ": " + state.error();
        }
        RunDirectory probe = RunDirectory.tryLock(dir);
        if (probe == null) {
            return CellState.RUNNING + " on " + state.host() + " (pid " + state.pid() + ", since " + state.started() + ")";
        }
        probe.close();
        return "interrupted (last run on " + state.host() + "): the next run resumes it from its checkpoints";
    }

    /** @return the counts in one line, e.g. {@code 12 cells: 8 done, 1 running, 1 failed, 2 pending} */
    public String summary() {
        return (done + running + failed + pending) + " cells: " + done + " done, " + running + " running, " + failed
                + " failed, " + pending + " pending" + (interrupted > 0 ? " (" + interrupted + " interrupted)" : "");
    }
}
