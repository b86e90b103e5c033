package io.distill4j.sweep;

import io.distill4j.eval.Conclusion;
import io.distill4j.eval.ModelResult;
import io.distill4j.eval.Statistics;
import io.distill4j.report.BaselineComparison;
import io.distill4j.report.ModelGroup;
import io.distill4j.report.ResultsWriter;
import io.distill4j.report.RunFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's {@code results.md}: the grid as a table (each configuration's test accuracy as mean ±
 * sd over its seeds, the 95 % interval, and the paired comparison with labels-only), the cells
 * missing or failed with their error, and every model's row.
 */
final class SweepMarkdown {
    private SweepMarkdown() {}

    /**
     * @param sweep the sweep directory
     * @param plan its plan
     * @param runs the complete cells gathered by run ({@link SweepReport})
     * @param missing one sentence per cell not in the report
     * @return the document
     */
    static String of(Path sweep, SweepPlan plan, List<RunFiles> runs, List<String> missing) {
        boolean merged = runs.size() > 1;
        List<ModelGroup> groups = new ArrayList<>();
        runs.forEach(r -> groups.addAll(ModelGroup.of(merged ? r.name() : "", r.models())));
        Map<ModelGroup, String> versus = new HashMap<>();
        BaselineComparison.of(groups).forEach(c -> versus.put(c.candidate(), c.sentence()));
        StringBuilder md = new StringBuilder("# distill4j sweep\n\n");
        md.append(String.format(Locale.ROOT, "Sweep %s, plan %s: %d cells, %d complete, %d not in this report.%n%n",
                sweep, PlanFile.shortHash(plan.hash()), plan.cells().size(), plan.cells().size() - missing.size(),
                missing.size()));
        md.append("## Grid\n\nTest accuracy per configuration: mean ± sd over its seeds and, from ")
                .append(Statistics.MIN_SEEDS).append(" seeds on, the 95 % confidence interval (Student's t);")
                .append(" each distilled configuration against labels-only (method ce) of its run, paired on seeds.\n\n");
        row(md, "configuration", "method", "seeds", "test % (mean ± sd)", "95 % CI", "vs labels-only (paired)");
        row(md, "---", "---", "---:", "---:", "---:", "---");
        for (ModelGroup g : groups) {
            Statistics.Summary t = g.summary(ModelResult::testAcc);
            row(md, (g.run().isEmpty() ? "" : g.run() + "/") + g.name(), g.label(), Integer.toString(t.n()),
                    t.hasSpread() ? percent(t.mean()) + " ± " + percent(t.sd()) : percent(t.mean()),
                    t.hasInterval() ? Conclusion.range(t.ciLow(), t.ciHigh()) + (t.clipped() ? " (cut)" : "")
                            : t.hasSpread() ? "too few seeds" : "—",
                    g.teacher() ? "(teacher)" : g.baseline() ? "(baseline)" : versus.getOrDefault(g, "no labels-only run to"
                            + " compare with"));
        }
        md.append("\n## Cells not in this report\n\n");
        if (missing.isEmpty()) {
            md.append("None: every cell is complete.\n");
        }
        missing.forEach(m -> md.append("- ").append(m.replace('\n', ' ')).append('\n'));
        List<ModelResult> models = new ArrayList<>();
        runs.forEach(r -> r.models().stream().map(m -> merged ? rename(r.name(), m) : m).forEach(models::add));
        md.append('\n').append(ResultsWriter.markdown("Models", "Every model of the complete cells; a student is"
                + " named <configuration>-s<seed>.", models, Map.of()).replaceFirst("^# ", "## "));
        return md.toString();
    }

    private static ModelResult rename(String run, ModelResult m) {
        return new ModelResult(run + "/" + m.name(), run + "/" + m.group(), m.method(), m.seed(), m.architecture(),
                m.role(), m.alpha(), m.trainAcc(), m.valAcc(), m.testAcc(), m.parameters(), m.sizeMb(), m.macs(),
                m.trainSeconds(), m.best());
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static void row(StringBuilder md, String... cells) {
        md.append('|');
        for (String c : cells) {
            md.append(' ').append(c.replace("|", "\\|").replace('\n', ' ')).append(" |");
        }
        md.append('\n');
    }
}
