package io.distill4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.eval.ModelEvaluation;
import io.distill4j.eval.ModelResult;
import io.distill4j.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The saved files of one study run that a report is made from. Only {@code results.json} is
 * required; a missing {@code config.json}, {@code metrics.csv} or {@code evaluation.json} leaves
 * its part empty.
 *
 * @param dir the run directory
 * @param name how the report calls the run: the directory's name
 * @param config the content of {@code config.json}, a missing node when there is none
 * @param models the models of {@code results.json}, with {@code group}, {@code method} and
 *     {@code role} filled in for results written without them
 * @param metrics the rows of {@code metrics.csv}, empty when there is none
 * @param evaluations the models of {@code evaluation.json}, {@code null} when there is none
 */
public record RunFiles(
        Path dir, String name, JsonNode config, List<ModelResult> models, List<EpochMetrics> metrics,
        List<ModelEvaluation> evaluations) {
    /** File name of the settings and provenance. */
    public static final String CONFIG_FILE = "config.json";

    /** Checks the required parts and makes the lists immutable. */
    public RunFiles {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        models = List.copyOf(models);
        metrics = List.copyOf(metrics);
        evaluations = evaluations == null ? null : List.copyOf(evaluations);
    }

    /**
     * @param dir a directory written by {@code distill study}
     * @return its files
     * @throws BadInputException if the directory or its {@code results.json} is missing, or a
     *     present file is unreadable
     */
    public static RunFiles read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("run directory " + dir + " does not exist: give the directory a study wrote (runs/…)");
        }
        Path results = dir.resolve(ResultsWriter.JSON_FILE);
        if (!Files.isRegularFile(results)) {
            throw new BadInputException(dir + " has no " + ResultsWriter.JSON_FILE
                    + ": give the directory of a finished study run, or finish it with distill study --resume " + dir);
        }
        Path config = dir.resolve(CONFIG_FILE);
        Path metrics = dir.resolve(MetricsCsvWriter.FILE_NAME);
        Path evaluation = dir.resolve(EvaluationWriter.FILE_NAME);
        Path name = dir.toAbsolutePath().normalize().getFileName();
        JsonNode settings = Files.isRegularFile(config) ? readConfig(config) : MissingNode.getInstance();
        long seed = settings.path("settings").path("seed").asLong(0);
        return new RunFiles(dir, name == null ? dir.toString() : name.toString(), settings,
                ResultsWriter.readJson(results).stream().map(m -> completed(m, seed, results)).toList(),
                Files.isRegularFile(metrics) ? MetricsCsvWriter.read(metrics) : List.of(),
                Files.isRegularFile(evaluation) ? EvaluationWriter.read(evaluation) : null);
    }

    /** @return whether the run has an {@code evaluation.json} */
    public boolean hasEvaluation() {
        return evaluations != null;
    }

    /**
     * @param groups groups to prefix, e.g. those another run of a merged report also has
     * @return this run with the models of those groups, and the groups, renamed {@code <name>/<old>}
     *     in every file
     */
    public RunFiles prefixed(Set<String> groups) {
        String prefix = name + "/";
        Set<String> renamed = new HashSet<>();
        List<ModelResult> newModels = new ArrayList<>();
        for (ModelResult m : models) {
            boolean p = groups.contains(m.group());
            if (p) {
                renamed.add(m.name());
            }
            newModels.add(!p ? m : new ModelResult(prefix + m.name(), prefix + m.group(), m.method(), m.seed(),
                    m.architecture(), m.role(), m.alpha(), m.trainAcc(), m.valAcc(), m.testAcc(), m.parameters(),
                    m.sizeMb(), m.macs(), m.trainSeconds(), m.best()));
        }
        UnaryOperator<String> r = n -> renamed.contains(n) ? prefix + n : n;
        return new RunFiles(dir, name, config, newModels,
                metrics.stream().map(e -> new EpochMetrics(r.apply(e.model()), e.epoch(), e.trainLoss(), e.valLoss(),
                        e.valAcc(), e.lr(), e.seconds())).toList(),
                evaluations == null ? null : evaluations.stream().map(e -> new ModelEvaluation(r.apply(e.model()),
                        e.confusion(), e.teacherAgreement(), e.teacherKl(), e.calibration(), e.footprint())).toList());
    }

    private static JsonNode readConfig(Path config) {
        try {
            return Json.mapper().readTree(config.toFile());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + config + " (" + e.getMessage().lines().findFirst().orElse("")
                    + "): restore it from the run or delete it to report without settings", e);
        }
    }

    /**
     * Fills in what older results lack. Before models had a group, method and seed: the group is
     * the name, α = 1 is labels only, the seed is the run's. Without a role: {@link Role#of}.
     */
    private static ModelResult completed(ModelResult m, long runSeed, Path file) {
        Role role;
        try {
            role = Role.of(m);
        } catch (BadInputException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
        boolean grouped = m.group() != null;
        if (grouped && m.role() != null) {
            return m;
        }
        String method = grouped || m.method() != null || role != Role.STUDENT ? m.method()
                : m.alpha() != null && m.alpha() == 1.0 ? "ce" : "kd";
        return new ModelResult(m.name(), grouped ? m.group() : m.name(), method, grouped ? m.seed() : runSeed,
                m.architecture(), role.id(), m.alpha(), m.trainAcc(), m.valAcc(), m.testAcc(), m.parameters(),
                m.sizeMb(), m.macs(), m.trainSeconds(), m.best());
    }
}
