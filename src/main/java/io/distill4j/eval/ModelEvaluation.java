package io.distill4j.eval;

import java.util.List;
import java.util.Objects;

/**
 * One model's evaluation on the test set, beyond its accuracy: errors by class, agreement with the
 * teacher, calibration and footprint.
 *
 * @param model the model's run name, as in {@code results.json}
 * @param confusion test images by true and predicted class
 * @param teacherAgreement share of test images on which the model's top-1 class is the teacher's;
 *     {@code null} for the teacher itself or when there is no teacher
 * @param teacherKl mean KL(teacher ‖ model) of the softmax outputs at T = 1, in nats; {@code null}
 *     like {@code teacherAgreement}
 * @param calibration reliability bins and expected calibration error
 * @param footprint parameters, size, MACs, latency and throughput
 */
public record ModelEvaluation(
        String model, ConfusionMatrix confusion, Double teacherAgreement, Double teacherKl,
        Calibration calibration, Footprint footprint) {
    /** Checks that every part is present and the teacher figures are both given or both absent. */
    public ModelEvaluation {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(confusion, "confusion");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(footprint, "footprint");
        if ((teacherAgreement == null) != (teacherKl == null)) {
            throw new IllegalArgumentException(model + ": teacher agreement and KL are given together or not at all");
        }
        if (teacherAgreement != null && !(teacherAgreement >= 0 && teacherAgreement <= 1 && teacherKl >= 0)) {
            throw new IllegalArgumentException(model + ": agreement " + teacherAgreement + " must be in [0, 1] and KL "
                    + teacherKl + " non-negative");
        }
    }

    /** @return top-1 accuracy on the test set */
    public double accuracy() {
        return confusion.accuracy();
    }

    /**
     * Combines the evaluations of several seeds of one configuration: confusion matrices and
     * reliability bins are added up, agreement, KL, latency and throughput averaged; parameters,
     * size and MACs are the first model's (the seeds share an architecture).
     *
     * @param name name of the combination, e.g. the group
     * @param seeds evaluations of the same classes and bins, at least one
     * @return the combined evaluation
     */
    public static ModelEvaluation pool(String name, List<ModelEvaluation> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no evaluation to pool for " + name);
        }
        if (seeds.size() == 1) {
            ModelEvaluation e = seeds.get(0);
            return new ModelEvaluation(name, e.confusion(), e.teacherAgreement(), e.teacherKl(), e.calibration(), e.footprint());
        }
        boolean teacher = seeds.stream().allMatch(e -> e.teacherAgreement() != null);
        Footprint f = seeds.get(0).footprint();
        Footprint mean = new Footprint(f.parameters(), f.sizeMb(), f.macsPerImage(),
                seeds.stream().mapToDouble(e -> e.footprint().latencyMs()).average().orElseThrow(),
                seeds.stream().mapToDouble(e -> e.footprint().throughputImgPerS()).average().orElseThrow(),
                f.throughputBatch(), f.latencyRepetitions(), f.throughputRepetitions(),
                quartile(seeds, Footprint::latencyLowMs, true), quartile(seeds, Footprint::latencyHighMs, false));
        return new ModelEvaluation(name,
                ConfusionMatrix.sum(seeds.stream().map(ModelEvaluation::confusion).toList()),
                teacher ? seeds.stream().mapToDouble(ModelEvaluation::teacherAgreement).average().orElseThrow() : null,
                teacher ? seeds.stream().mapToDouble(ModelEvaluation::teacherKl).average().orElseThrow() : null,
                Calibration.pool(seeds.stream().map(ModelEvaluation::calibration).toList()),
                mean);
    }

    /** @return the lowest (highest) of the seeds' latency quartiles, or {@code null} where a seed has none */
    private static Double quartile(List<ModelEvaluation> seeds, java.util.function.Function<Footprint, Double> which,
            boolean lowest) {
        List<Double> values = seeds.stream().map(e -> which.apply(e.footprint())).toList();
        if (values.contains(null)) {
            return null;
        }
        return lowest ? java.util.Collections.min(values) : java.util.Collections.max(values);
    }
}
