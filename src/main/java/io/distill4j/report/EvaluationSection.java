package io.distill4j.report;

import static io.distill4j.report.Formats.MISSING;
import static io.distill4j.report.Formats.percent;

import io.distill4j.eval.ConfusionMatrix;
import io.distill4j.eval.ModelEvaluation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The report's "closer look at the test set": agreement and calibration per configuration,
 * accuracy per class (hardest classes first), the confusion matrices with their most frequent
 * errors as a table, and the reliability diagrams. Class names are those the evaluations recorded.
 */
final class EvaluationSection {
    private EvaluationSection() {}

    static void render(Html h, ReportPage page) {
        h.heading(2, "evaluation", "A closer look at the test set");
        page.runsWithoutEvaluation().forEach(r -> h.note("Run " + r + " has no " + EvaluationWriter.FILE_NAME
                + ", so per-class accuracy, confusion matrices, agreement with the teacher and calibration are not"
                + " shown for it."));
        List<ReportPage.GroupEvaluation> evaluated = page.evaluations();
        if (evaluated.isEmpty()) {
            return;
        }
        h.paragraph("With several seeds, the seeds' predictions are pooled: confusion matrices and calibration bins"
                + " are added up, agreement and divergence averaged. Agreement is the share of test images on which the"
                + " student's top class is the teacher's; KL is the mean KL(teacher ‖ student) divergence of the two"
                + " probability outputs at T = 1, in nats (0 means identical outputs). The expected calibration error"
                + " (ECE, 15 confidence bins) is the gap between how confident a model is and how often it is right:"
                + " 0 % is perfectly calibrated.");
        List<List<String>> rows = new ArrayList<>();
        for (ReportPage.GroupEvaluation ge : evaluated) {
            ModelEvaluation e = ge.pooled();
            rows.add(List.of(ge.group().name(), ge.group().label(), percent(100 * e.accuracy()),
                    e.teacherAgreement() == null ? MISSING : percent(100 * e.teacherAgreement()),
                    e.teacherKl() == null ? MISSING : String.format(Locale.ROOT, "%.3f", e.teacherKl()),
                    percent(100 * e.calibration().ece())));
        }
        h.table(List.of("configuration", "method", "test %", "agreement with teacher %", "KL(teacher ‖ student)",
                "ECE %"), rows);
        perClass(h, evaluated);
        confusion(h, evaluated);
        h.heading(3, "reliability", "Reliability diagrams");
        h.paragraph("Bars: accuracy of the predictions whose confidence falls in each bin; dots: their mean confidence;"
                + " line: perfect calibration. Bars below the line mean over-confidence.");
        for (ReportPage.GroupEvaluation ge : evaluated) {
            String name = ge.group().name();
            h.figure(ChartStyle.png(Charts.reliabilityChart(name, ge.pooled().calibration())),
                    "reliability diagram of " + name, "Reliability of " + name + " (" + ge.group().label() + ").");
        }
    }

    /** One row per class, sorted by the mean accuracy over the configurations, lowest first. */
    private static void perClass(Html h, List<ReportPage.GroupEvaluation> evaluated) {
        h.heading(3, "per-class", "Accuracy per class (%)");
        h.paragraph("Hardest classes first: sorted by the mean of the configurations' accuracies on the class.");
        Set<String> classes = new LinkedHashSet<>();
        evaluated.forEach(ge -> classes.addAll(ge.pooled().confusion().classes()));
        List<String> header = new ArrayList<>(List.of("class"));
        evaluated.forEach(ge -> header.add(ge.group().name()));
        List<double[]> accuracies = evaluated.stream().map(ge -> ge.pooled().confusion().perClassAccuracy()).toList();
        List<String> sorted = new ArrayList<>(classes);
        sorted.sort(Comparator.comparingDouble(c -> meanAccuracy(c, evaluated, accuracies)));
        List<List<String>> rows = new ArrayList<>();
        for (String c : sorted) {
            List<String> row = new ArrayList<>(List.of(c));
            for (int g = 0; g < evaluated.size(); g++) {
                int at = evaluated.get(g).pooled().confusion().classes().indexOf(c);
                row.add(at < 0 ? MISSING : percent(100 * accuracies.get(g)[at]));
            }
            rows.add(row);
        }
        h.table(header, rows);
    }

    /** Mean over the configurations that have the class and images of it; NaN (sorted last) without any. */
    private static double meanAccuracy(String c, List<ReportPage.GroupEvaluation> evaluated, List<double[]> accuracies) {
        double sum = 0;
        int n = 0;
        for (int g = 0; g < evaluated.size(); g++) {
            int at = evaluated.get(g).pooled().confusion().classes().indexOf(c);
            if (at >= 0 && !Double.isNaN(accuracies.get(g)[at])) {
                sum += accuracies.get(g)[at];
                n++;
            }
        }
        return n == 0 ? Double.POSITIVE_INFINITY : sum / n;
    }

    private static void confusion(Html h, List<ReportPage.GroupEvaluation> evaluated) {
        h.heading(3, "confusion", "Confusion matrices");
        h.paragraph("Rows are the true classes, columns the predicted ones; the diagonal holds the correct answers."
                + " Above " + Charts.CONFUSION_VALUES_MAX + " classes the cells show colour only; the table under each"
                + " matrix lists its " + ConfusionMatrix.MOST_CONFUSED + " most frequent errors.");
        for (ReportPage.GroupEvaluation ge : evaluated) {
            String name = ge.group().name();
            ConfusionMatrix m = ge.pooled().confusion();
            h.figure(ChartStyle.png(Charts.confusionChart(name, m)), "confusion matrix of " + name,
                    "Confusion matrix of " + name + " (" + ge.group().label() + ").");
            List<List<String>> pairs = new ArrayList<>();
            for (ConfusionMatrix.ConfusedPair p : m.mostConfused()) {
                pairs.add(List.of(p.trueClass(), p.predictedClass(), String.format(Locale.ROOT, "%,d", p.count()),
                        percent(100 * p.shareOfTrueClass())));
            }
            if (pairs.isEmpty()) {
                h.note(name + " made no error on the test set.");
            } else {
                h.table(List.of("true class (" + name + ")", "predicted as", "images", "% of the true class"), pairs);
            }
        }
    }
}
