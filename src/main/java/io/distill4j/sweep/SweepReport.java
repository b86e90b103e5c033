package io.distill4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.report.HtmlReport;
import io.distill4j.report.ResultsWriter;
import io.distill4j.report.Role;
import io.distill4j.report.RunFiles;
import io.distill4j.train.EpochMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One report over a sweep's complete cells: {@code report.html} (made by {@link HtmlReport}, as for
 * any study) and {@code results.md}. The cells that differ only in method, α and seed are gathered
 * into one run, so that seeds of one configuration are pooled (mean ± CI) and each distilled
 * configuration is compared pairwise with the labels-only one of the same run; cells that are not
 * complete are listed by number, failed ones with their error.
 */
public final class SweepReport {
    private SweepReport() {}

    /**
     * What the report holds.
     *
     * @param html the page
     * @param markdown {@code results.md}
     * @param runs the cells gathered by run, in plan order
     * @param missing one sentence per cell not in the report
     */
    public record Written(Path html, Path markdown, List<RunFiles> runs, List<String> missing) {}

    /**
     * @param sweep a sweep directory
     * @param plan its plan
     * @return the files written into the sweep directory
     * @throws BadInputException if no cell is complete yet
     */
    public static Written write(Path sweep, SweepPlan plan) {
        Map<String, List<RunFiles>> byRun = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (SweepPlan.Cell cell : plan.cells()) {
            Path dir = SweepLayout.cellDir(sweep, cell.index());
            CellState state = CellState.read(dir);
            if (state != null) {
                state.requireOf("cell " + cell.index(), dir, plan.hash(), cell.hash());
            }
            if (state != null && state.done() && Files.isRegularFile(dir.resolve(ResultsWriter.JSON_FILE))) {
                byRun.computeIfAbsent(cell.run(), r -> new ArrayList<>()).add(RunFiles.read(dir));
            } else {
                missing.add("cell " + cell.index() + " (" + cell.label() + "): " + (state == null ? "not started"
                        : state.failed() ? "failed: " + state.error() : "not finished (running, or interrupted)"));
            }
        }
        if (byRun.isEmpty()) {
            throw new BadInputException("no cell of " + sweep + " is complete yet: run distill sweep run " + sweep
                    + " first (distill sweep status shows where it stands)");
        }
        String sweepName = String.valueOf(sweep.toAbsolutePath().normalize().getFileName());
        List<RunFiles> runs = new ArrayList<>();
        byRun.forEach((run, cells) -> runs.add(gather(sweep, run.isEmpty() ? sweepName : run, cells)));
        Path html = HtmlReport.write(runs, missing, sweep.resolve(HtmlReport.FILE_NAME));
        Path md = sweep.resolve(ResultsWriter.MARKDOWN_FILE);
        AtomicFiles.write(md, SweepMarkdown.of(sweep, plan, runs, missing).getBytes(StandardCharsets.UTF_8));
        return new Written(html, md, List.copyOf(runs), List.copyOf(missing));
    }

    /**
     * One run of the cells' results: the teacher once, each student named {@code <group>-s<seed>},
     * the cells' metrics and evaluations renamed to match, and a {@code config.json} whose methods
     * and α are those of all its cells.
     */
    private static RunFiles gather(Path sweep, String name, List<RunFiles> cells) {
        List<ModelResult> models = new ArrayList<>();
        List<EpochMetrics> metrics = new ArrayList<>();
        List<ModelEvaluation> evaluations = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean evaluated = false;
        for (RunFiles cell : cells) {
            Map<String, String> renamed = new HashMap<>();
            for (ModelResult m : cell.models()) {
                if (Role.TEACHER.is(m)) {
                    if (names.add(m.name())) {
                        renamed.put(m.name(), m.name());
                        models.add(m);
                    }
                    continue;
                }
                String group = names.contains(m.group() + "-s" + m.seed()) ? m.group() + " (cell " + cell.name() + ")" : m.group();
                String newName = group + "-s" + m.seed();
                names.add(newName);
                renamed.put(m.name(), newName);
                models.add(new ModelResult(newName, group, m.method(), m.seed(), m.architecture(), m.role(), m.alpha(),
                        m.trainAcc(), m.valAcc(), m.testAcc(), m.parameters(), m.sizeMb(), m.macs(), m.trainSeconds(),
                        m.best()));
            }
            cell.metrics().stream().filter(e -> renamed.containsKey(e.model()))
                    .map(e -> new EpochMetrics(renamed.get(e.model()), e.epoch(), e.trainLoss(), e.valLoss(), e.valAcc(),
                            e.lr(), e.seconds())).forEach(metrics::add);
            if (cell.hasEvaluation()) {
                evaluated = true;
                cell.evaluations().stream().filter(e -> renamed.containsKey(e.model()))
                        .filter(e -> evaluations.stream().noneMatch(o -> o.model().equals(renamed.get(e.model()))))
                        .map(e -> new ModelEvaluation(renamed.get(e.model()), e.confusion(), e.teacherAgreement(),
                                e.teacherKl(), e.calibration(), e.footprint())).forEach(evaluations::add);
            }
        }
        return new RunFiles(sweep, name, config(cells), models, metrics, evaluated ? evaluations : null);
    }

    /** The first cell's {@code config.json}, with the methods and α of every cell of the run. */
    private static JsonNode config(List<RunFiles> cells) {
        JsonNode first = cells.get(0).config();
        if (!(first instanceof ObjectNode object) || !(object.get("settings") instanceof ObjectNode)) {
            return first;
        }
        ObjectNode copy = object.deepCopy();
        ObjectNode settings = (ObjectNode) copy.get("settings");
        for (String key : List.of("methods", "alphas")) {
            Set<JsonNode> values = new LinkedHashSet<>();
            cells.forEach(c -> c.config().path("settings").path(key).forEach(values::add));
            ArrayNode all = settings.putArray(key);
            values.forEach(all::add);
        }
        return copy;
    }
}
