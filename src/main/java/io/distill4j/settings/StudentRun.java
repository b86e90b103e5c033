package io.distill4j.settings;

import io.distill4j.distill.Methods;
import java.util.ArrayList;
import java.util.List;

/**
 * One student to train: a configuration (α or method) under one seed.
 *
 * @param name run name, unique in the study
 * @param group the configuration, shared by its seeds
 * @param method {@code ce}, {@code kd} or another registered method
 * @param alpha weight of the label loss, {@code null} for methods without one
 * @param seed seed of this repetition
 */
public record StudentRun(String name, String group, String method, Double alpha, long seed) {
    /**
     * @param seed a study seed
     * @return the data seed of that seed's students phase: its batch order, augmentation and dropout
     */
    public static long dataSeed(long seed) {
        return seed + 1;
    }

    /** @return the students of each seed, in training order */
    public static List<List<StudentRun>> bySeed(StudyConfig config) {
        List<List<StudentRun>> bySeed = new ArrayList<>();
        for (int k = 0; k < config.seeds(); k++) {
            long seed = config.seed() + k;
            String suffix = config.seeds() > 1 ? "-s" + seed : "";
            List<StudentRun> runs = new ArrayList<>();
            if (config.methods().isEmpty()) {
                for (double alpha : config.alphas()) {
                    String group = StudyConfig.studentName(alpha);
                    runs.add(new StudentRun(group + suffix, group, alpha == 1 ? "ce" : "kd", alpha, seed));
                }
            } else {
                for (String method : config.methods()) {
                    String group = "student-" + method;
                    double alpha = Methods.alpha(method, config.methodParams());
                    runs.add(new StudentRun(group + suffix, group, method,
                            method.equals("ce") || alpha < 1 ? alpha : null, seed));
                }
            }
            bySeed.add(runs);
        }
        return bySeed;
    }
}
