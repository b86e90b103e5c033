package io.distill4j.report;

import io.distill4j.BadInputException;
import io.distill4j.eval.ModelResult;
import io.distill4j.train.EpochMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One model's loss per epoch: the data of one line of a loss chart.
 *
 * @param model the model's name
 * @param epochs the epochs, ascending
 * @param losses the loss of each epoch, NaN where it was not finite
 */
public record LossCurve(String model, List<Integer> epochs, List<Double> losses) {
    /** Checks one loss per epoch and makes the lists immutable (they may hold NaN, not null). */
    public LossCurve {
        epochs = List.copyOf(epochs);
        losses = List.copyOf(losses);
        if (epochs.size() != losses.size() || epochs.isEmpty()) {
            throw new IllegalArgumentException(model + ": " + epochs.size() + " epochs and " + losses.size() + " losses");
        }
    }

    /**
     * The students' curves of one run: models are told apart by their role in the results, never
     * by their names.
     *
     * @param metrics the run's epochs, of any models
     * @param results the run's models; epochs of models not among its students are left out
     * @param loss which loss, e.g. {@code EpochMetrics::trainLoss}
     * @return one curve per student that has epochs, in the order of the metrics; for a repeated
     *     epoch the last row wins
     * @throws BadInputException if no student has an epoch
     */
    public static List<LossCurve> students(
            List<EpochMetrics> metrics, List<ModelResult> results, ToDoubleFunction<EpochMetrics> loss) {
        Set<String> students = Role.STUDENT.names(results);
        Map<String, TreeMap<Integer, Double>> byModel = new LinkedHashMap<>();
        for (EpochMetrics m : metrics) {
            if (students.contains(m.model())) {
                double v = loss.applyAsDouble(m);
                byModel.computeIfAbsent(m.model(), k -> new TreeMap<>()).put(m.epoch(), Double.isFinite(v) ? v : Double.NaN);
            }
        }
        if (byModel.isEmpty()) {
            throw new BadInputException("the metrics have no student epochs (" + metrics.size() + " rows, "
                    + students.size() + " students in the results); train the students first or pass the run's "
                    + MetricsCsvWriter.FILE_NAME);
        }
        List<LossCurve> curves = new ArrayList<>();
        byModel.forEach((name, e) -> curves.add(new LossCurve(name, new ArrayList<>(e.keySet()), new ArrayList<>(e.values()))));
        return curves;
    }
}
