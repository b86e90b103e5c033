package io.distill4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.Provenance;
import io.distill4j.eval.Conclusion;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.eval.Statistics;
import io.distill4j.train.EpochMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;

/**
 * {@code report.html}: one self-contained page (CSS and images inline, no request leaves the page)
 * that explains a study to someone who never ran it: the question, the protocol, accuracies with
 * their spread over seeds, loss curves, the statistics of each distilled student against the
 * labels-only baseline, the test-set evaluation and the models' footprints. Made only from the
 * files a run saved, so it can be rebuilt at any time and merged over several runs.
 */
public final class HtmlReport {
    /** Conventional file name inside a run directory. */
    public static final String FILE_NAME = "report.html";

    private static final String MISSING = "—";
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;\
            padding:0 1em;color:#222;line-height:1.45}
            h1{font-size:1.8em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #1f77b4;padding-bottom:.2em}
            table{border-collapse:collapse;margin:1em 0;font-size:.92em}
            th,td{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}
            th{background:#eef3f8;text-align:left}td{text-align:right;font-variant-numeric:tabular-nums}
            td:first-child,table.kv td{text-align:left}
            figure{display:inline-block;margin:.5em;vertical-align:top}
            img{max-width:100%;border:1px solid #ddd}figcaption{font-size:.85em;color:#555}
            .note{background:#fff8e1;border-left:4px solid #f0ad4e;padding:.4em .8em}
            .answer{background:#e8f4ea;border-left:4px solid #2ca02c;padding:.4em .8em}
            footer{margin-top:3em;font-size:.85em;color:#666}
            """;

    private HtmlReport() {}

    /**
     * Rebuilds {@code runDir/report.html} from the run's saved files.
     *
     * @param runDir a directory written by {@code distill study}
     * @return the report file
     * @throws BadInputException if the directory or its {@code results.json} is missing
     */
    public static Path write(Path runDir) {
        return merge(List.of(runDir), runDir.resolve(FILE_NAME));
    }

    /**
     * Writes one report over several runs. A group name that two runs share is prefixed with the
     * run directory's name ({@code run-a/student-a1}); other names are kept.
     *
     * @param runDirs directories written by {@code distill study}, at least one, with distinct names
     * @param out the HTML file to write (parent directories are created)
     * @return {@code out}
     * @throws BadInputException if a directory or its {@code results.json} is missing, or two
     *     directories have the same name
     */
    public static Path merge(List<Path> runDirs, Path out) {
        if (runDirs.isEmpty()) {
            throw new BadInputException("no run directory given: name at least one directory a study wrote");
        }
        List<RunFiles> runs = runDirs.stream().map(RunFiles::read).toList();
        AtomicFiles.write(out, render(disambiguate(runs)).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Prefixes the groups that more than one run has with the run's name. */
    static List<RunFiles> disambiguate(List<RunFiles> runs) {
        Set<String> names = new HashSet<>();
        Map<String, Integer> runsPerGroup = new HashMap<>();
        for (RunFiles r : runs) {
            if (!names.add(r.name())) {
                throw new BadInputException("two run directories are named '" + r.name()
                        + "': their models could not be told apart; rename or copy one of them");
            }
            r.models().stream().map(ModelResult::group).distinct().forEach(g -> runsPerGroup.merge(g, 1, Integer::sum));
        }
        Set<String> shared = new HashSet<>();
        runsPerGroup.forEach((g, n) -> {
            if (n > 1) {
                shared.add(g);
            }
        });
        return shared.isEmpty() ? runs : runs.stream().map(r -> r.prefixed(shared)).toList();
    }

    /**
     * @param runs the runs, group names already distinct across runs
     * @return the whole page
     */
    static String render(List<RunFiles> runs) {
        List<ModelGroup> groups = new ArrayList<>();
        runs.forEach(r -> groups.addAll(ModelGroup.of(r.name(), r.models())));
        List<BaselineComparison> comparisons = BaselineComparison.of(groups);
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;"
                        + " style-src 'unsafe-inline'\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .raw(Html.escape("distill4j report: " + String.join(", ", runs.stream().map(RunFiles::name).toList())))
                .raw("</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        h.heading(1, "top", "Knowledge distillation: does a teacher make a small network better?");
        h.paragraph("Report of " + (runs.size() == 1 ? "the study run " : runs.size() + " study runs: ")
                + String.join(", ", runs.stream().map(r -> r.dir().toString()).toList()) + ".");
        question(h, groups, comparisons);
        protocol(h, runs);
        accuracy(h, groups);
        statistics(h, groups, comparisons);
        curves(h, runs);
        Map<String, ModelEvaluation> evaluations = pooledEvaluations(runs, groups);
        evaluation(h, runs, groups, evaluations);
        footprint(h, groups, evaluations);
        h.raw("<footer>").raw(Html.escape("Written by distill4j " + Provenance.productVersion() + " (commit "
                + Provenance.codeVersion() + ") on " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)
                + " from results.json, config.json, metrics.csv and evaluation.json; rebuild it with"
                + " distill report RUN_DIR.")).raw("</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void question(Html h, List<ModelGroup> groups, List<BaselineComparison> comparisons) {
        h.heading(2, "question", "The question");
        h.paragraph("A large network, the teacher, is trained first. A much smaller network, the student, is then"
                + " trained in several ways: on the labels alone (the baseline, called labels-only here), or by"
                + " distillation, where it also learns to imitate the teacher's softened outputs. α is the weight"
                + " of the labels in the student's loss: α = 1 is labels only, α = 0 is the teacher only."
                + " The study asks: does distilling from the teacher make the small student more accurate on test"
                + " images it never saw than training on labels alone, and which method and α is best?");
        List<ModelGroup> students = groups.stream().filter(g -> !g.teacher()).toList();
        if (students.isEmpty()) {
            h.note("These results hold no student, so the question cannot be answered here.");
            return;
        }
        ModelGroup best = students.stream()
                .max(Comparator.comparingDouble(g -> g.summary(ModelResult::testAcc).mean())).orElseThrow();
        Statistics.Summary s = best.summary(ModelResult::testAcc);
        StringBuilder answer = new StringBuilder("Short answer: the most accurate student is " + best.label() + " ("
                + best.name() + ") with " + pct(s.mean()) + " % test accuracy"
                + (s.n() > 1 ? " (mean of " + s.n() + " seeds)" : " (one seed)") + ".");
        comparisons.forEach(c -> answer.append(' ').append(c.sentence()).append('.'));
        if (comparisons.isEmpty()) {
            answer.append(" There is no labels-only student (method ce) to compare the distilled students with.");
        }
        h.raw("<p class=\"answer\">").raw(Html.escape(answer.toString())).raw("</p>\n");
    }

    private static void protocol(Html h, List<RunFiles> runs) {
        h.heading(2, "protocol", "How the study was run");
        for (RunFiles r : runs) {
            if (runs.size() > 1) {
                h.heading(3, "protocol-" + r.name(), "Run " + r.name());
            }
            if (r.config().isMissingNode()) {
                h.note("This run has no config.json, so its settings, data split and provenance are unknown.");
                continue;
            }
            h.paragraph(protocolText(r));
            h.keyValueTable(List.of("setting", "value"), keyValues(r.config().path("settings"), r.config().path("data")));
            h.paragraph("Provenance: where the numbers came from.");
            List<List<String>> provenance = keyValues(r.config().path("provenance"));
            if (r.config().hasNonNull("command")) {
                provenance.add(List.of("command", r.config().path("command").asText()));
            }
            h.keyValueTable(List.of("item", "value"), provenance);
        }
    }

    /** The protocol in sentences, from the settings that are present. */
    private static String protocolText(RunFiles r) {
        JsonNode s = r.config().path("settings");
        JsonNode d = r.config().path("data");
        List<String> seeds = r.models().stream().map(m -> Long.toString(m.seed())).distinct().toList();
        StringBuilder t = new StringBuilder();
        t.append("Data: ").append(text(s, "dataset")).append(", ").append(text(d, "train_images"))
                .append(" training, ").append(text(d, "validation_images")).append(" validation and ")
                .append(text(d, "test_images")).append(" test images; the test images are used only for the final"
                        + " accuracies. ");
        t.append("The teacher (").append(text(s, "teacher_model")).append(") was ")
                .append(s.hasNonNull("teacher_weights") ? "loaded from " + text(s, "teacher_weights")
                        : "trained for " + text(s, "teacher_epochs") + " epochs")
                .append("; each student (").append(text(s, "student_model")).append(") was trained for ")
                .append(text(s, "student_epochs")).append(" epochs with ").append(lossText(s))
                .append(", batch ").append(text(s, "batch_size")).append(", augmentation ")
                .append(s.path("augment").asBoolean(false) ? "on" : "off").append(". ");
        t.append("Seeds: ").append(String.join(", ", seeds)).append('.');
        return t.toString();
    }

    /** How the students' losses were built, from the settings. */
    private static String lossText(JsonNode s) {
        List<String> methods = new ArrayList<>();
        s.path("methods").forEach(m -> methods.add(m.asText()));
        if (!methods.isEmpty()) {
            return "one distillation method each (" + String.join(", ", methods) + "; see `distill methods` for their"
                    + " losses and defaults" + (s.path("method_params").isEmpty() ? "" : ", overridden by "
                    + s.path("method_params")) + ") at temperature T = " + text(s, "temperature");
        }
        if (s.path("legacy_notebook_loss").asBoolean(false)) {
            return "the original notebook's flawed loss, reproduced on purpose (--legacy-notebook-loss): α·CE(softmax(s),"
                    + " labels) + (1−α)·CE(s, softmax(teacher)), teacher in training mode, test set normalized with"
                    + " ImageNet statistics";
        }
        return "the loss α·CE(student, labels) + (1−α)·T²·KL(teacher ‖ student) at temperature T = " + text(s, "temperature");
    }

    private static void accuracy(Html h, List<ModelGroup> groups) {
        h.heading(2, "accuracy", "Accuracy");
        boolean spread = groups.stream().anyMatch(g -> g.models().size() > 1);
        h.paragraph("Share of images classified correctly, in percent, per configuration. "
                + (spread ? "With several seeds: the mean ± the sample standard deviation over seeds, and the 95 %"
                        + " confidence interval of the mean (Student's t)." : ""));
        if (!spread) {
            h.note("Each configuration was trained with one seed only, so no spread or confidence interval can be"
                    + " given and small differences may be chance: run the study with --seeds 3 or more.");
        }
        List<List<String>> rows = new ArrayList<>();
        for (ModelGroup g : groups) {
            Statistics.Summary test = g.summary(ModelResult::testAcc);
            rows.add(List.of(g.name(), g.label(), g.first().architecture(), Integer.toString(test.n()),
                    meanSd(test), test.hasInterval() ? range(test.ciLow(), test.ciHigh()) : MISSING,
                    meanSd(g.summary(ModelResult::valAcc)), meanSd(g.summary(ModelResult::trainAcc))));
        }
        h.table(List.of("configuration", "method", "model", "seeds", "test %", "test % 95 % CI", "validation %",
                "train %"), rows);
        h.figure(Charts.png(Charts.accuracyChart(groups.stream().map(HtmlReport::meanResult).toList())),
                "accuracy of every configuration", "Mean accuracy per configuration on the training, validation"
                        + " and test images.");
    }

    /** A result holding the group's mean accuracies, for the comparison chart. */
    private static ModelResult meanResult(ModelGroup g) {
        ModelResult f = g.first();
        ToDoubleFunction<ToDoubleFunction<ModelResult>> mean =
                acc -> g.models().stream().mapToDouble(acc).average().orElseThrow();
        return new ModelResult(g.name(), g.name(), f.method(), f.seed(), f.architecture(), f.role(), f.alpha(),
                mean.applyAsDouble(ModelResult::trainAcc), mean.applyAsDouble(ModelResult::valAcc),
                mean.applyAsDouble(ModelResult::testAcc), f.parameters(), f.sizeMb(), f.macs(), f.trainSeconds());
    }

    private static void statistics(Html h, List<ModelGroup> groups, List<BaselineComparison> comparisons) {
        h.heading(2, "statistics", "Is distillation better than labels alone?");
        if (comparisons.isEmpty()) {
            h.note(groups.stream().anyMatch(ModelGroup::baseline)
                    ? "There is no distilled student to compare with the labels-only baseline."
                    : "There is no labels-only student (method ce, α = 1) in these results, so distillation cannot be"
                            + " compared with training on labels alone: include α = 1 in the study.");
            return;
        }
        h.paragraph("Each distilled configuration is compared with the labels-only baseline trained on the same seeds:"
                + " Δ is the mean over seeds of (distilled − baseline) test accuracy in percentage points, with its 95 %"
                + " confidence interval and the two-sided paired t-test. A difference counts as real when its"
                + " interval excludes 0 (p < 0.05).");
        List<List<String>> rows = new ArrayList<>();
        for (BaselineComparison c : comparisons) {
            Statistics.PairedComparison p = c.comparison();
            rows.add(List.of(c.candidate().name(), c.baseline().name(), Integer.toString(c.seeds().size()),
                    p == null ? MISSING : Conclusion.points(p.meanDifference()),
                    p == null || p.n() < 2 ? MISSING : range(p.ciLow(), p.ciHigh()),
                    p == null ? MISSING : Conclusion.pValue(p.pValue()),
                    p == null || p.n() < 2 ? "undecided" : p.significant() ? (p.meanDifference() > 0 ? "better" : "worse")
                            : "no significant difference"));
        }
        h.table(List.of("configuration", "baseline", "paired seeds", "Δ test (points)", "95 % CI", "p", "verdict"), rows);
        h.list(comparisons.stream().map(c -> c.sentence() + ".").toList());
    }

    private static void curves(Html h, List<RunFiles> runs) {
        h.heading(2, "curves", "Training curves");
        h.paragraph("Loss of each student per epoch: the training loss is the student's own objective (so it differs"
                + " between methods); the validation loss is the cross-entropy against the labels for every student, so"
                + " those curves are comparable.");
        for (RunFiles r : runs) {
            String suffix = runs.size() > 1 ? " (" + r.name() + ")" : "";
            if (r.metrics().isEmpty()) {
                h.note("Run " + r.name() + " has no metrics.csv, so its loss curves cannot be drawn.");
                continue;
            }
            try {
                lossFigure(h, r.metrics(), "training", EpochMetrics::trainLoss, suffix);
                lossFigure(h, r.metrics(), "validation", EpochMetrics::valLoss, suffix);
            } catch (BadInputException e) {
                h.note("Run " + r.name() + ": " + e.getMessage());
            }
        }
    }

    private static void lossFigure(Html h, List<EpochMetrics> metrics, String which,
            ToDoubleFunction<EpochMetrics> loss, String suffix) {
        XYChart chart = Charts.studentLossChart("Students: " + which + " loss" + suffix, which + " loss", metrics, loss);
        h.figure(Charts.png(chart), "students' " + which + " loss per epoch" + suffix,
                "Students' " + which + " loss per epoch" + suffix + ".");
    }

    private static void evaluation(
            Html h, List<RunFiles> runs, List<ModelGroup> groups, Map<String, ModelEvaluation> byGroup) {
        h.heading(2, "evaluation", "A closer look at the test set");
        runs.stream().filter(r -> !r.hasEvaluation()).forEach(r -> h.note("Run " + r.name() + " has no "
                + EvaluationWriter.FILE_NAME + ", so per-class accuracy, confusion matrices, agreement with the teacher"
                + " and calibration are not shown for it."));
        if (byGroup.isEmpty()) {
            return;
        }
        List<ModelGroup> evaluated = groups.stream().filter(g -> byGroup.containsKey(g.name())).toList();
        h.paragraph("With several seeds, the seeds' predictions are pooled: confusion matrices and calibration bins"
                + " are added up, agreement and divergence averaged. Agreement is the share of test images on which the"
                + " student's top class is the teacher's; KL is the mean KL(teacher ‖ student) divergence of the two"
                + " probability outputs at T = 1, in nats (0 means identical outputs). The expected calibration error"
                + " (ECE, 15 confidence bins) is the gap between how confident a model is and how often it is right:"
                + " 0 % is perfectly calibrated.");
        List<List<String>> rows = new ArrayList<>();
        for (ModelGroup g : evaluated) {
            ModelEvaluation e = byGroup.get(g.name());
            rows.add(List.of(g.name(), g.label(), pct(100 * e.accuracy()),
                    e.teacherAgreement() == null ? MISSING : pct(100 * e.teacherAgreement()),
                    e.teacherKl() == null ? MISSING : String.format(Locale.ROOT, "%.3f", e.teacherKl()),
                    pct(100 * e.calibration().ece())));
        }
        h.table(List.of("configuration", "method", "test %", "agreement with teacher %", "KL(teacher ‖ student)",
                "ECE %"), rows);
        h.heading(3, "per-class", "Accuracy per class (%)");
        List<String> classes = byGroup.get(evaluated.get(0).name()).confusion().classes();
        List<String> header = new ArrayList<>(List.of("class"));
        evaluated.forEach(g -> header.add(g.name()));
        List<List<String>> perClass = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<String> row = new ArrayList<>(List.of(classes.get(c)));
            for (ModelGroup g : evaluated) {
                double[] acc = byGroup.get(g.name()).confusion().perClassAccuracy();
                row.add(c < acc.length ? pct(100 * acc[c]) : MISSING);
            }
            perClass.add(row);
        }
        h.table(header, perClass);
        h.heading(3, "confusion", "Confusion matrices");
        h.paragraph("Rows are the true classes, columns the predicted ones; the diagonal holds the correct answers.");
        for (ModelGroup g : evaluated) {
            ModelEvaluation e = byGroup.get(g.name());
            h.figure(Charts.png(Charts.confusionChart(g.name(), e.confusion())), "confusion matrix of " + g.name(),
                    "Confusion matrix of " + g.name() + " (" + g.label() + ").");
        }
        h.heading(3, "reliability", "Reliability diagrams");
        h.paragraph("Bars: accuracy of the predictions whose confidence falls in each bin; dots: their mean confidence;"
                + " line: perfect calibration. Bars below the line mean over-confidence.");
        for (ModelGroup g : evaluated) {
            ModelEvaluation e = byGroup.get(g.name());
            h.figure(Charts.png(Charts.reliabilityChart(g.name(), e.calibration())), "reliability diagram of " + g.name(),
                    "Reliability of " + g.name() + " (" + g.label() + ").");
        }
    }

    /** Each group's evaluations pooled over its seeds; groups without evaluations are left out. */
    private static Map<String, ModelEvaluation> pooledEvaluations(List<RunFiles> runs, List<ModelGroup> groups) {
        Map<String, ModelEvaluation> byModel = new HashMap<>();
        runs.stream().filter(RunFiles::hasEvaluation).forEach(r -> r.evaluations().forEach(e -> byModel.put(e.model(), e)));
        Map<String, ModelEvaluation> byGroup = new HashMap<>();
        for (ModelGroup g : groups) {
            List<ModelEvaluation> seeds = g.models().stream().map(m -> byModel.get(m.name())).filter(e -> e != null).toList();
            if (!seeds.isEmpty()) {
                byGroup.put(g.name(), ModelEvaluation.pool(g.name(), seeds));
            }
        }
        return byGroup;
    }

    private static void footprint(Html h, List<ModelGroup> groups, Map<String, ModelEvaluation> byGroup) {
        h.heading(2, "footprint", "Footprint: what each model costs");
        h.paragraph("Parameters and size of the weights (float32, MB = 10⁶ bytes), multiply-accumulates per image,"
                + " and on this machine's CPU: latency of one image (median after warm-up) and throughput of large"
                + " batches (median images per second).");
        List<List<String>> rows = new ArrayList<>();
        for (ModelGroup g : groups) {
            ModelResult m = g.first();
            ModelEvaluation e = byGroup.get(g.name());
            rows.add(List.of(g.name(), m.architecture(), String.format(Locale.ROOT, "%,d", m.parameters()),
                    String.format(Locale.ROOT, "%.2f", m.sizeMb()), String.format(Locale.ROOT, "%.2f M", m.macs() / 1e6),
                    e == null ? MISSING : String.format(Locale.ROOT, "%.2f", e.footprint().latencyMs()),
                    e == null ? MISSING : String.format(Locale.ROOT, "%,.0f (batch %d)", e.footprint().throughputImgPerS(),
                            e.footprint().throughputBatch())));
        }
        h.table(List.of("configuration", "model", "parameters", "size (MB)", "MACs/image", "latency (ms, batch 1)",
                "throughput (img/s)"), rows);
        if (byGroup.isEmpty()) {
            h.note("Latency and throughput come from " + EvaluationWriter.FILE_NAME + ", which these runs do not have.");
        }
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
        return new ArrayList<>(new java.util.LinkedHashSet<>(rows));
    }

    private static void flatten(String prefix, JsonNode node, List<List<String>> rows) {
        node.properties().forEach(e -> {
            String key = prefix + e.getKey().replace('_', ' ');
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key + " › ", v, rows);
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                rows.add(List.of(key, String.join(", ", items)));
            } else {
                rows.add(List.of(key, v.isNull() ? MISSING : v.asText()));
            }
        });
    }

    private static String text(JsonNode object, String field) {
        JsonNode v = object.path(field);
        return v.isMissingNode() || v.isNull() ? "?" : v.asText();
    }

    private static String pct(double percent) {
        return Double.isFinite(percent) ? String.format(Locale.ROOT, "%.1f", percent) : MISSING;
    }

    private static String meanSd(Statistics.Summary s) {
        return s.hasInterval() ? pct(s.mean()) + " ± " + pct(s.sd()) : pct(s.mean());
    }

    private static String range(double low, double high) {
        return Conclusion.points(low) + "–" + Conclusion.points(high);
    }
}
