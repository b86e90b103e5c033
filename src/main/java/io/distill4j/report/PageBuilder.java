package io.distill4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.BadInputException;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.train.EpochMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Builds the {@link ReportPage} of one or more runs from their saved files. */
final class PageBuilder {
    private PageBuilder() {}

    /**
     * @param runs the runs, group and model names already distinct across runs
     * @return what the page shows
     */
    static ReportPage build(List<RunFiles> runs) {
        boolean merged = runs.size() > 1;
        List<ModelGroup> groups = new ArrayList<>();
        runs.forEach(r -> groups.addAll(ModelGroup.of(merged ? r.name() : "", r.models())));
        ModelGroup best = groups.stream().filter(g -> !g.teacher())
                .max(Comparator.comparingDouble(ResultsWriter::meanTestPercent)).orElse(null);
        return new ReportPage(runs.stream().map(RunFiles::name).toList(), runs.stream().map(r -> r.dir().toString()).toList(),
                groups, best, BaselineComparison.of(groups), runs.stream().map(PageBuilder::protocol).toList(),
                groups.stream().map(g -> new ReportPage.AccuracyRow(g, g.summary(ModelResult::trainAcc),
                        g.summary(ModelResult::valAcc), g.summary(ModelResult::testAcc))).toList(),
                runs.stream().map(PageBuilder::curves).toList(), pooledEvaluations(runs, groups),
                runs.stream().filter(r -> !r.hasEvaluation()).map(RunFiles::name).toList());
    }

    private static ReportPage.Protocol protocol(RunFiles r) {
        JsonNode c = r.config();
        if (c.isMissingNode()) {
            return new ReportPage.Protocol(r.name(), null, List.of(), List.of());
        }
        List<List<String>> provenance = keyValues(c.path("provenance"));
        if (c.hasNonNull("command")) {
            provenance.add(List.of("command", c.path("command").asText()));
        }
        return new ReportPage.Protocol(r.name(), ProtocolText.of(c, r.models().stream().map(ModelResult::seed).toList()),
                keyValues(AppliedSettings.of(c.path("settings")), c.path("data")), provenance);
    }

    /** The students' curves, told apart from the teacher by their role in the results. */
    private static ReportPage.RunCurves curves(RunFiles r) {
        if (r.metrics().isEmpty()) {
            return new ReportPage.RunCurves(r.name(), List.of(), List.of(),
                    "Run " + r.name() + " has no " + MetricsCsvWriter.FILE_NAME + ", so its loss curves cannot be drawn.");
        }
        try {
            return new ReportPage.RunCurves(r.name(), LossCurve.students(r.metrics(), r.models(), EpochMetrics::trainLoss),
                    LossCurve.students(r.metrics(), r.models(), EpochMetrics::valLoss), null);
        } catch (BadInputException e) {
            return new ReportPage.RunCurves(r.name(), List.of(), List.of(), "Run " + r.name() + ": " + e.getMessage());
        }
    }

    /** Each group's evaluations pooled over its seeds, in group order; groups without evaluations are left out. */
    private static List<ReportPage.GroupEvaluation> pooledEvaluations(List<RunFiles> runs, List<ModelGroup> groups) {
        Map<String, ModelEvaluation> byModel = new HashMap<>();
        runs.stream().filter(RunFiles::hasEvaluation).forEach(r -> r.evaluations().forEach(e -> byModel.put(e.model(), e)));
        List<ReportPage.GroupEvaluation> out = new ArrayList<>();
        for (ModelGroup g : groups) {
            List<ModelEvaluation> seeds = g.models().stream().map(m -> byModel.get(m.name())).filter(e -> e != null).toList();
            if (!seeds.isEmpty()) {
                out.add(new ReportPage.GroupEvaluation(g, ModelEvaluation.pool(g.name(), seeds)));
            }
        }
        return out;
    }

    /**
     * Rows of a key/value table from JSON objects, nested keys joined with " › "; a key repeated
     * with the same value is shown once.
     */
    private static List<List<String>> keyValues(JsonNode... objects) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode o : objects) {
            flatten("", o, rows);
        }
        return new ArrayList<>(new LinkedHashSet<>(rows));
    }

    private static void flatten(String prefix, JsonNode node, List<List<String>> rows) {
        node.properties().forEach(e -> {
            String key = prefix + e.getKey().replace('_', ' ');
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key + " › ", v, rows);
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(AppliedSettings.text(i)));
                rows.add(List.of(key, String.join(", ", items)));
            } else {
                rows.add(List.of(key, v.isNull() ? Formats.MISSING : AppliedSettings.text(v)));
            }
        });
    }
}
