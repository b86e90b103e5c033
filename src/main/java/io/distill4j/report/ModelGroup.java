package io.distill4j.report;

import io.distill4j.eval.ModelResult;
import io.distill4j.eval.Statistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The models of one configuration: runs that share a {@code group} in {@code results.json} and
 * differ only in their seed.
 *
 * @param name the group, e.g. {@code student-a0.5}
 * @param run name of the run directory the group comes from in a report over several runs (its
 *     labels then name the run), empty for a report of one run
 * @param models its models, one per seed, at least one
 */
public record ModelGroup(String name, String run, List<ModelResult> models) {
    /** Method name of the labels-only baseline. */
    public static final String BASELINE_METHOD = "ce";

    /** Checks that there is a model and makes the list immutable. */
    public ModelGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(run, "run");
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("group " + name + " has no model");
        }
    }

    /**
     * @param run name of the run directory in a report over several runs, else empty
     * @param models a run's models
     * @return their groups in order of first appearance, teachers first
     */
    public static List<ModelGroup> of(String run, List<ModelResult> models) {
        Map<String, List<ModelResult>> byGroup = new LinkedHashMap<>();
        for (Role role : List.of(Role.TEACHER, Role.STUDENT)) {
            models.stream().filter(role::is).forEach(m -> byGroup.computeIfAbsent(m.group(), g -> new ArrayList<>()).add(m));
        }
        return byGroup.entrySet().stream().map(e -> new ModelGroup(e.getKey(), run, e.getValue())).toList();
    }

    /** @return the first model, whose role, method, α and architecture the group shares */
    public ModelResult first() {
        return models.get(0);
    }

    /** @return whether this is a teacher */
    public boolean teacher() {
        return Role.TEACHER.is(first());
    }

    /** @return whether this is a student trained on labels only (method {@code ce}) */
    public boolean baseline() {
        return !teacher() && BASELINE_METHOD.equals(first().method());
    }

    /**
     * @return how a reader calls the configuration: {@code teacher}, {@code labels-only}, {@code α =
     *     0.5} for plain distillation, else the method and α; followed by the run's name in a report
     *     over several runs
     */
    public String label() {
        ModelResult m = first();
        String base = teacher() ? "teacher"
                : baseline() ? "labels-only"
                : m.alpha() == null ? String.valueOf(m.method())
                : (m.method() == null || m.method().equals("kd") ? "" : m.method() + ", ") + "α = " + Formats.number(m.alpha());
        return run.isEmpty() ? base : base + " (" + run + ")";
    }

    /** @return the seeds, in model order */
    public List<Long> seeds() {
        return models.stream().map(ModelResult::seed).toList();
    }

    /**
     * @param accuracy which accuracy, e.g. {@code ModelResult::testAcc}
     * @return mean, sd and interval over the seeds, in percent (the interval within 0–100)
     */
    public Statistics.Summary summary(ToDoubleFunction<ModelResult> accuracy) {
        return Statistics.summarize(Statistics.Bounds.PERCENT, models.stream().mapToDouble(m -> 100 * accuracy.applyAsDouble(m)).toArray());
    }

    /**
     * @param accuracy which accuracy, e.g. {@code ModelResult::trainAcc}
     * @return its mean over the seeds in percent, NaN if a seed's is not finite
     */
    public double meanPercent(ToDoubleFunction<ModelResult> accuracy) {
        return 100 * models.stream().mapToDouble(accuracy).average().orElseThrow();
    }

    /**
     * @param seed a seed of this group
     * @return the test accuracy of that seed's model in percent
     */
    public double testPercent(long seed) {
        return 100 * models.stream().filter(m -> m.seed() == seed).findFirst().orElseThrow().testAcc();
    }
}
