package io.distill4j.report;

import static io.distill4j.report.Formats.MISSING;
import static io.distill4j.report.Formats.percent;

import io.distill4j.Provenance;
import io.distill4j.eval.Conclusion;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.eval.Statistics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a {@link ReportPage} into one self-contained HTML page: the prose that explains each
 * section to someone who never ran the study, the tables, and the charts inlined as PNG. The CSS
 * is the resource {@code report.css}.
 */
final class HtmlRenderer {
    private static final String CSS = css();

    private HtmlRenderer() {}

    /**
     * @param page what to show
     * @return the whole page
     */
    static String render(ReportPage page) {
        return render(page, List.of());
    }

    /**
     * @param page what to show
     * @param missing sentences on results the page lacks (e.g. a sweep's failed cells), shown first
     * @return the whole page
     */
    static String render(ReportPage page, List<String> missing) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;"
                        + " style-src 'unsafe-inline'\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .raw(Html.escape("distill4j report: " + String.join(", ", page.runs())))
                .raw("</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        h.heading(1, "top", "Knowledge distillation: does a teacher make a small network better?");
        h.paragraph("Report of " + (page.runs().size() == 1 ? "the study run " : page.runs().size() + " study runs: ")
                + String.join(", ", page.dirs()) + ".");
        if (!missing.isEmpty()) {
            h.heading(2, "missing", "Not in this report");
            h.list(missing);
        }
        question(h, page);
        warnings(h, page);
        accuracy(h, page);
        curves(h, page);
        statistics(h, page);
        EvaluationSection.render(h, page);
        footprint(h, page);
        protocol(h, page);
        h.raw("<footer>").raw(Html.escape("Written by distill4j " + Provenance.productVersion() + " (commit "
                + Provenance.codeVersion() + ") on " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)
                + " from results.json, config.json, metrics.csv and evaluation.json; rebuild it with"
                + " distill report RUN_DIR.")).raw("</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void question(Html h, ReportPage page) {
        h.heading(2, "question", "The question");
        h.paragraph("Does a small student that also imitates a large teacher's softened outputs (distillation) classify"
                + " unseen test images better than one trained on the labels alone (labels-only), and which method"
                + " and α is best? α weighs the labels in the student's loss: 1 is labels only, 0 the teacher only.");
        ModelGroup best = page.best();
        if (best == null) {
            h.note("These results hold no student, so the question cannot be answered here.");
            return;
        }
        int seeds = best.models().size();
        StringBuilder answer = new StringBuilder("Short answer: the most accurate student is " + best.label() + " ("
                + best.name() + ") with " + percent(ResultsWriter.meanTestPercent(best)) + " % test accuracy"
                + (seeds > 1 ? " (mean of " + seeds + " seeds)" : " (one seed)") + ".");
        page.comparisons().forEach(c -> answer.append(' ').append(c.sentence()).append('.'));
        if (page.comparisons().isEmpty()) {
            answer.append(" There is no labels-only student (method ce) to compare the distilled students with.");
        }
        h.raw("<p class=\"answer\">").raw(Html.escape(answer.toString())).raw("</p>\n");
    }

    /** A warning box for results that undercut the question: a teacher no better than labels, a student at chance. */
    private static void warnings(Html h, ReportPage page) {
        List<String> warnings = new ArrayList<>();
        ModelGroup baseline = page.groups().stream().filter(ModelGroup::baseline).findFirst().orElse(null);
        for (ModelGroup teacher : page.groups().stream().filter(ModelGroup::teacher).toList()) {
            double t = ResultsWriter.meanTestPercent(teacher);
            if (baseline != null && Formats.rounded(t) <= Formats.rounded(ResultsWriter.meanTestPercent(baseline))) {
                warnings.add("The teacher (" + percent(t) + " % test) is no better than the labels-only student ("
                        + percent(ResultsWriter.meanTestPercent(baseline)) + " %): distilling from it can only teach"
                        + " its mistakes. Train the teacher longer (--teacher-epochs) or give a better one (--teacher).");
            }
        }
        int classes = page.evaluations().isEmpty() ? 0 : page.evaluations().get(0).pooled().confusion().classes().size();
        for (ModelGroup g : page.groups()) {
            double test = ResultsWriter.meanTestPercent(g);
            if (classes > 1 && Double.isFinite(test) && test < 1.5 * 100.0 / classes) {
                warnings.add(g.name() + " is at chance (" + percent(test) + " % test; guessing gives "
                        + percent(100.0 / classes) + " % with " + classes + " classes): it learnt nothing usable."
                        + " Check its learning rate and epochs before reading anything into its comparisons.");
            }
        }
        if (!warnings.isEmpty()) {
            h.raw("<div class=\"warning\" id=\"warnings\"><strong>Read with care</strong>\n");
            h.list(warnings);
            h.raw("</div>\n");
        }
    }

    private static void protocol(Html h, ReportPage page) {
        h.heading(2, "protocol", "How the study was run");
        for (ReportPage.Protocol p : page.protocols()) {
            if (page.runs().size() > 1) {
                h.heading(3, "protocol-" + p.run(), "Run " + p.run());
            }
            if (p.description() == null) {
                h.note("This run has no config.json, so its settings, data split and provenance are unknown.");
                continue;
            }
            h.paragraph(p.description());
            h.raw("<details><summary>Every setting that applies to this run, and where the numbers came from</summary>\n");
            h.keyValueTable(List.of("setting", "value"), p.settings());
            h.paragraph("Provenance: where the numbers came from.");
            h.keyValueTable(List.of("item", "value"), p.provenance());
            h.raw("</details>\n");
        }
    }

    private static void accuracy(Html h, ReportPage page) {
        h.heading(2, "accuracy", "Accuracy");
        List<Statistics.Summary> tests = page.accuracy().stream().map(ReportPage.AccuracyRow::test).toList();
        boolean spread = tests.stream().anyMatch(Statistics.Summary::hasSpread);
        h.paragraph("Share of images classified correctly, in percent, per configuration. "
                + (spread ? "With several seeds: the mean ± the sample standard deviation over seeds, and from "
                        + Statistics.MIN_SEEDS + " seeds on the 95 % confidence interval of the mean (Student's t)." : ""));
        List<List<String>> rows = new ArrayList<>();
        for (ReportPage.AccuracyRow r : page.accuracy()) {
            Statistics.Summary t = r.test();
            rows.add(List.of(r.group().name(), r.group().label(), r.group().first().architecture(),
                    Integer.toString(t.n()), meanSd(t),
                    t.hasInterval() ? interval(t.ciLow(), t.ciHigh(), t.clipped()) : t.hasSpread() ? "too few seeds" : MISSING,
                    meanSd(r.validation()), meanSd(r.train()), ResultsWriter.bestEpoch(r.group().models())));
        }
        h.table(List.of("configuration", "method", "model", "seeds", "test %", "test % 95 % CI", "validation %",
                "train %", "best epoch: test % (epoch)"), rows);
        h.note(ResultsWriter.BEST_EPOCH_NOTE);
        if (!spread) {
            h.note("Each configuration was trained with one seed only, so no spread or confidence interval can be"
                    + " given and small differences may be chance: run the study with --seeds 3 or more.");
        } else if (tests.stream().anyMatch(t -> t.hasSpread() && !t.hasInterval())) {
            h.note(tooFewSeeds());
        }
        if (tests.stream().anyMatch(Statistics.Summary::clipped)) {
            h.note(cut("0–100 %"));
        }
        h.figure(ChartStyle.png(Charts.accuracyChart(page.accuracy().stream().map(ReportPage.AccuracyRow::means).toList())),
                "accuracy of every configuration", "Mean accuracy per configuration on the training, validation"
                        + " and test images.");
    }

    private static void statistics(Html h, ReportPage page) {
        h.heading(2, "statistics", "Is distillation better than labels alone?");
        if (page.comparisons().isEmpty()) {
            h.note(page.groups().stream().anyMatch(ModelGroup::baseline)
                    ? "There is no distilled student to compare with the labels-only baseline."
                    : "There is no labels-only student (method ce, α = 1) in these results, so distillation cannot be"
                            + " compared with training on labels alone: include α = 1 in the study.");
            return;
        }
        h.paragraph("Each distilled configuration is compared with the labels-only baseline trained on the same seeds:"
                + " Δ is the mean over seeds of (distilled − baseline) test accuracy in percentage points, with its 95 %"
                + " confidence interval and the two-sided paired t-test. A difference counts as real when its"
                + " interval excludes 0 (p < 0.05).");
        List<Statistics.PairedComparison> tested = page.comparisons().stream().map(BaselineComparison::comparison)
                .filter(Objects::nonNull).toList();
        if (tested.stream().anyMatch(p -> p.n() > 1 && !p.hasInterval())) {
            h.note(tooFewSeeds());
        }
        List<List<String>> rows = new ArrayList<>();
        for (BaselineComparison c : page.comparisons()) {
            Statistics.PairedComparison p = c.comparison();
            boolean decided = p != null && p.hasInterval();
            rows.add(List.of(c.candidate().name(), c.baseline().name(), Integer.toString(c.seeds().size()),
                    p == null ? MISSING : Conclusion.points(p.meanDifference()),
                    decided ? interval(p.ciLow(), p.ciHigh(), p.clipped()) : p != null && p.n() > 1 ? "too few seeds" : MISSING,
                    decided ? Conclusion.pValue(p.pValue()) : MISSING,
                    !decided ? "undecided" : p.significant() ? (p.meanDifference() > 0 ? "better" : "worse")
                            : "no significant difference"));
        }
        h.table(List.of("configuration", "baseline", "paired seeds", "Δ test (points)", "95 % CI", "p", "verdict"), rows);
        if (tested.stream().anyMatch(Statistics.PairedComparison::clipped)) {
            h.note(cut("−100 to 100 points"));
        }
        h.list(page.comparisons().stream().map(c -> c.sentence() + ".").toList());
    }

    private static void curves(Html h, ReportPage page) {
        h.heading(2, "curves", "Training curves");
        h.paragraph("Loss of each student per epoch: the training loss is the student's own objective (so it differs"
                + " between methods); the validation loss is the cross-entropy against the labels for every student, so"
                + " those curves are comparable.");
        for (ReportPage.RunCurves c : page.curves()) {
            if (c.missing() != null) {
                h.note(c.missing());
                continue;
            }
            String suffix = page.runs().size() > 1 ? " (" + c.run() + ")" : "";
            lossFigure(h, "training", c.training(), suffix);
            lossFigure(h, "validation", c.validation(), suffix);
        }
    }

    private static void lossFigure(Html h, String which, List<LossCurve> curves, String suffix) {
        h.figure(ChartStyle.png(Charts.lossChart("Students: " + which + " loss" + suffix, which + " loss", curves)),
                "students' " + which + " loss per epoch" + suffix, "Students' " + which + " loss per epoch" + suffix + ".");
    }

    private static void footprint(Html h, ReportPage page) {
        h.heading(2, "footprint", "Footprint: what each model costs");
        h.paragraph("Parameters and size of the weights (float32, MB = 10⁶ bytes), multiply-accumulates per image,"
                + " and on this machine's CPU: latency of one image (median after warm-up, with the middle half of the"
                + " timed passes in brackets) and throughput of large batches (median images per second).");
        List<List<String>> rows = new ArrayList<>();
        boolean noisy = false;
        for (ModelGroup g : page.groups()) {
            ModelResult m = g.first();
            ModelEvaluation e = page.evaluations().stream().filter(ge -> ge.group().equals(g))
                    .map(ReportPage.GroupEvaluation::pooled).findFirst().orElse(null);
            rows.add(List.of(g.name(), m.architecture(), String.format(Locale.ROOT, "%,d", m.parameters()),
                    String.format(Locale.ROOT, "%.2f", m.sizeMb()), String.format(Locale.ROOT, "%.2f M", m.macs() / 1e6),
                    e == null ? MISSING : latency(e.footprint()),
                    e == null ? MISSING : String.format(Locale.ROOT, "%,.0f (batch %d)", e.footprint().throughputImgPerS(),
                            e.footprint().throughputBatch())));
            noisy |= e != null && e.footprint().noisyLatency();
        }
        h.table(List.of("configuration", "model", "parameters", "size (MB)", "MACs/image", "latency (ms, batch 1)",
                "throughput (img/s)"), rows);
        if (noisy) {
            h.note("Some latencies varied more than their own median between passes: the CPU was busy with other work"
                    + " while they were measured, so they say little. Measure again on an idle machine (`distill evaluate`).");
        }
        if (page.evaluations().isEmpty()) {
            h.note("Latency and throughput come from " + EvaluationWriter.FILE_NAME + ", which these runs do not have.");
        }
    }

    /** @return the median latency in ms, with the quartiles where the run measured them, e.g. {@code 1.25 (1.21–1.32)} */
    static String latency(io.distill4j.eval.Footprint f) {
        String median = String.format(Locale.ROOT, "%.2f", f.latencyMs());
        return f.latencyLowMs() == null ? median
                : median + String.format(Locale.ROOT, " (%.2f–%.2f)", f.latencyLowMs(), f.latencyHighMs());
    }

    private static String tooFewSeeds() {
        return "A configuration with fewer than " + Statistics.MIN_SEEDS + " seeds gets no confidence interval and no"
                + " verdict (\"too few seeds\"): with 2 seeds the interval of the mean is ± 9 standard deviations wide"
                + " and says nothing. Run the study with --seeds " + Statistics.MIN_SEEDS + " or more.";
    }

    private static String cut(String range) {
        return "An interval marked \"cut\" reached past what is possible (" + range + ") and was cut there. Cutting"
                + " removes only impossible values, so the interval still holds the true mean 95 % of the time, but so"
                + " wide an interval mostly says that the seeds disagree: run more seeds.";
    }

    private static String meanSd(Statistics.Summary s) {
        return s.hasSpread() ? percent(s.mean()) + " ± " + percent(s.sd()) : percent(s.mean());
    }

    private static String interval(double low, double high, boolean clipped) {
        return Conclusion.range(low, high) + (clipped ? " (cut)" : "");
    }

    private static String css() {
        try (InputStream in = HtmlRenderer.class.getResourceAsStream("report.css")) {
            return new String(Objects.requireNonNull(in, "resource report.css is missing from the build").readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource report.css", e);
        }
    }
}
