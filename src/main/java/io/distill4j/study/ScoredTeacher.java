package io.distill4j.study;

import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.report.RunFiles;
import java.nio.file.Path;

/**
 * A teacher's scores computed once by the run that trained it (a sweep's teacher run, a store's
 * {@code teacher/} folder), reused by the runs that share the teacher instead of scoring it again.
 *
 * @param result its accuracies on the train, validation and test splits, and its footprint
 * @param evaluation its test-set evaluation
 */
public record ScoredTeacher(ModelResult result, ModelEvaluation evaluation) {
    /**
     * @param runDir the run directory of the run that scored the teacher
     * @return its teacher's scores, or {@code null} where the run has none (yet)
     */
    public static ScoredTeacher read(Path runDir) {
        RunFiles run = RunFiles.read(runDir);
        ModelResult result = run.models().stream().filter(m -> "teacher".equals(m.role())).findFirst().orElse(null);
        ModelEvaluation evaluation = !run.hasEvaluation() ? null
                : run.evaluations().stream().filter(e -> "teacher".equals(e.model())).findFirst().orElse(null);
        return result == null || evaluation == null ? null : new ScoredTeacher(result, evaluation);
    }
}
