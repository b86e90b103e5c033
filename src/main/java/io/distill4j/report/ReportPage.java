package io.distill4j.report;

import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.eval.Statistics;
import java.util.List;
import java.util.Objects;

/**
 * What {@code report.html} shows, as plain data: built from the run files by {@link PageBuilder},
 * turned into markup by {@link HtmlRenderer}. Lists are immutable; group names are distinct
 * across runs.
 *
 * @param runs the runs' names, in the order given
 * @param dirs the runs' directories, as given
 * @param groups every configuration of every run, teachers first within a run
 * @param best the student configuration with the highest mean test accuracy, {@code null} without students
 * @param comparisons each distilled configuration against the labels-only one
 * @param protocols how each run was made
 * @param accuracy one row per configuration, in the order of {@code groups}
 * @param curves the students' loss curves of each run
 * @param evaluations the test-set evaluation of every configuration that has one, seeds pooled
 * @param runsWithoutEvaluation the runs without {@code evaluation.json}
 */
public record ReportPage(
        List<String> runs, List<String> dirs, List<ModelGroup> groups, ModelGroup best,
        List<BaselineComparison> comparisons, List<Protocol> protocols, List<AccuracyRow> accuracy,
        List<RunCurves> curves, List<GroupEvaluation> evaluations, List<String> runsWithoutEvaluation) {
    /** Makes every list immutable. */
    public ReportPage {
        runs = List.copyOf(runs);
        dirs = List.copyOf(dirs);
        groups = List.copyOf(groups);
        comparisons = List.copyOf(comparisons);
        protocols = List.copyOf(protocols);
        accuracy = List.copyOf(accuracy);
        curves = List.copyOf(curves);
        evaluations = List.copyOf(evaluations);
        runsWithoutEvaluation = List.copyOf(runsWithoutEvaluation);
    }

    /**
     * How one run was made, from its {@code config.json}.
     *
     * @param run the run's name
     * @param description the protocol in sentences, {@code null} when the run has no {@code config.json}
     * @param settings rows (name, value) of the settings and the data split
     * @param provenance rows (item, value) of where the numbers came from
     */
    public record Protocol(String run, String description, List<List<String>> settings, List<List<String>> provenance) {
        /** Makes the rows immutable. */
        public Protocol {
            Objects.requireNonNull(run, "run");
            settings = settings.stream().map(List::copyOf).toList();
            provenance = provenance.stream().map(List::copyOf).toList();
        }
    }

    /**
     * One configuration's accuracies over its seeds, in percent.
     *
     * @param group the configuration
     * @param train on the training split
     * @param validation on the validation split
     * @param test on the test set
     */
    public record AccuracyRow(
            ModelGroup group, Statistics.Summary train, Statistics.Summary validation, Statistics.Summary test) {
        /** @return a result holding the mean accuracies as fractions, for the comparison chart */
        public ModelResult means() {
            ModelResult f = group.first();
            return new ModelResult(group.name(), group.name(), f.method(), f.seed(), f.architecture(), f.role(),
                    f.alpha(), train.mean() / 100, validation.mean() / 100, test.mean() / 100, f.parameters(),
                    f.sizeMb(), f.macs(), f.trainSeconds());
        }
    }

    /**
     * The students' loss curves of one run.
     *
     * @param run the run's name
     * @param training the training loss of each student; empty when {@code missing} is set
     * @param validation the validation loss of each student; empty when {@code missing} is set
     * @param missing why the curves cannot be drawn, {@code null} when they can
     */
    public record RunCurves(String run, List<LossCurve> training, List<LossCurve> validation, String missing) {
        /** Makes the lists immutable. */
        public RunCurves {
            Objects.requireNonNull(run, "run");
            training = List.copyOf(training);
            validation = List.copyOf(validation);
        }
    }

    /**
     * A configuration's test-set evaluation, its seeds pooled.
     *
     * @param group the configuration
     * @param pooled confusion and calibration added up, agreement and divergence averaged
     */
    public record GroupEvaluation(ModelGroup group, ModelEvaluation pooled) {}
}
