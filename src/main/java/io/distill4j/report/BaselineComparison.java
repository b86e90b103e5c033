package io.distill4j.report;

import io.distill4j.eval.Conclusion;
import io.distill4j.eval.Statistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A distilled student configuration against the labels-only baseline, paired on the seeds both
 * were trained with; test accuracies in percent.
 *
 * @param candidate the distilled configuration
 * @param baseline the labels-only configuration
 * @param seeds the seeds both have, ascending
 * @param comparison candidate − baseline on those seeds, {@code null} when they share none
 * @param sentence the conclusion in one sentence
 */
public record BaselineComparison(
        ModelGroup candidate, ModelGroup baseline, List<Long> seeds, Statistics.PairedComparison comparison,
        String sentence) {
    /** Makes the seeds immutable. */
    public BaselineComparison {
        seeds = List.copyOf(seeds);
    }

    /**
     * @param groups the configurations of one or more runs
     * @return one comparison per distilled student group that has a baseline: the labels-only
     *     group of its own run, else the first one of any run
     */
    public static List<BaselineComparison> of(List<ModelGroup> groups) {
        List<BaselineComparison> out = new ArrayList<>();
        for (ModelGroup g : groups) {
            if (g.teacher() || g.baseline()) {
                continue;
            }
            Optional<ModelGroup> base = groups.stream().filter(b -> b.baseline() && b.run().equals(g.run())).findFirst()
                    .or(() -> groups.stream().filter(ModelGroup::baseline).findFirst());
            base.ifPresent(b -> out.add(compare(g, b)));
        }
        return out;
    }

    private static BaselineComparison compare(ModelGroup candidate, ModelGroup baseline) {
        TreeSet<Long> common = new TreeSet<>(candidate.seeds());
        common.retainAll(baseline.seeds());
        if (common.isEmpty()) {
            return new BaselineComparison(candidate, baseline, List.of(), null, candidate.label()
                    + " and " + baseline.label() + " share no seed (" + candidate.seeds() + " against "
                    + baseline.seeds() + "), so they cannot be compared pairwise: train both with the same --seeds");
        }
        double[] c = common.stream().mapToDouble(candidate::testPercent).toArray();
        double[] b = common.stream().mapToDouble(baseline::testPercent).toArray();
        Statistics.PairedComparison result = Statistics.comparePaired(Statistics.Bounds.PERCENT, c, b);
        return new BaselineComparison(candidate, baseline, new ArrayList<>(common), result,
                Conclusion.sentence(candidate.label(), baseline.label(), result));
    }
}
