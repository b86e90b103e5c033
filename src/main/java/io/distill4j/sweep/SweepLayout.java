package io.distill4j.sweep;

import java.nio.file.Path;

/**
 * Where a sweep directory keeps its parts: {@code plan.json}, {@code teachers/T/} (a study run of
 * the teacher alone), {@code cells/K/} (a study run each), each with its {@code state.json}, and
 * the merged {@code report.html} and {@code results.md}.
 */
public final class SweepLayout {
    /** The plan's file name. */
    public static final String PLAN = "plan.json";

    private SweepLayout() {}

    /** @return the folder of teacher {@code t} */
    public static Path teacherDir(Path sweep, int t) {
        return sweep.resolve("teachers").resolve(Integer.toString(t));
    }

    /** @return the folder of cell {@code k} */
    public static Path cellDir(Path sweep, int k) {
        return sweep.resolve("cells").resolve(Integer.toString(k));
    }

    /** @return the plan file of a sweep directory */
    public static Path plan(Path sweep) {
        return sweep.resolve(PLAN);
    }
}
