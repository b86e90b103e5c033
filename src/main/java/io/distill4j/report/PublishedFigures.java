package io.distill4j.report;

import java.util.Map;

/** Accuracies published for a study's configurations, and which runs are compared with them. */
public final class PublishedFigures {
    /**
     * The original notebook's published accuracies (train / val / test, as fractions), AlexNet at
     * 227×227, by configuration group.
     */
    public static final Map<String, ResultsWriter.Reference> NOTEBOOK = Map.of(
            "teacher", new ResultsWriter.Reference(0.91, 0.83, 0.82),
            "student-a1", new ResultsWriter.Reference(0.53, 0.53, 0.52),
            "student-a0", new ResultsWriter.Reference(0.63, 0.62, 0.62),
            "student-a0.5", new ResultsWriter.Reference(0.64, 0.62, 0.62));

    private PublishedFigures() {}

    /**
     * @param preset the study's preset
     * @param dataset the study's dataset
     * @return the notebook's figures for a CIFAR-10 run of the {@code standard} protocol or of
     *     {@code paper} (the notebook's own setup), else none
     */
    public static Map<String, ResultsWriter.Reference> forStudy(String preset, String dataset) {
        return "cifar10".equals(dataset) && ("standard".equals(preset) || "paper".equals(preset)) ? NOTEBOOK : Map.of();
    }
}
