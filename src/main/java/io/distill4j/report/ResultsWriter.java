package io.distill4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.eval.ModelResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a study's results: {@code results.json} for programs and {@code results.md} for people.
 */
public final class ResultsWriter {
    /** Conventional file name of the JSON results. */
    public static final String JSON_FILE = "results.json";
    /** Conventional file name of the Markdown report. */
    public static final String MARKDOWN_FILE = "results.md";

    private static final String MISSING = Formats.MISSING;
    private static final ObjectMapper JSON = Json.mapper();

    /**
     * Accuracies published elsewhere for a model (e.g. in the original notebook), each in [0, 1] or
     * {@code null} where none was published.
     *
     * @param train accuracy on the training split
     * @param val accuracy on the validation split
     * @param test accuracy on the test set
     */
    public record Reference(Double train, Double val, Double test) {}

    private ResultsWriter() {}

    /**
     * Writes {@code {"models": [...], ...metadata}}, pretty-printed, with the fields of {@link
     * ModelResult} in snake_case ({@code train_acc}, {@code size_mb}, ...).
     *
     * @param json file to write (parent directories are created)
     * @param models the models' rows
     * @param metadata further top-level entries in the map's order (e.g. seed, epochs, git commit),
     *     may be empty
     * @throws IllegalArgumentException if {@code metadata} has a key {@code models}
     */
    public static void writeJson(Path json, List<ModelResult> models, Map<String, ?> metadata) {
        if (metadata.containsKey("models")) {
            throw new IllegalArgumentException("metadata cannot have the key 'models'");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("models", models);
        root.putAll(metadata);
        try {
            writeText(json, JSON.writeValueAsString(root) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the results as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the models back from a file written by {@link #writeJson}.
     *
     * @param json the file
     * @return the models in file order
     * @throws BadInputException if the file is missing, is not JSON or has no {@code models} array
     */
    public static List<ModelResult> readJson(Path json) {
        JsonNode models;
        try {
            models = JSON.readTree(json.toFile()).path("models");
        } catch (IOException e) {
            throw new BadInputException("cannot read results file " + json + ": " + e.getMessage(), e);
        }
        if (!models.isArray()) {
            throw new BadInputException(json + " has no 'models' array; is this a distill4j " + JSON_FILE + "?");
        }
        List<ModelResult> out = new ArrayList<>();
        for (JsonNode m : models) {
            try {
                out.add(JSON.treeToValue(m, ModelResult.class));
            } catch (JsonProcessingException e) {
                throw new BadInputException(
                        json + ": model #" + (out.size() + 1) + " is malformed: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    /**
     * Writes the Markdown report made by {@link #markdown}.
     *
     * @param md file to write (parent directories are created)
     * @param title the report's title
     * @param description one paragraph describing the study
     * @param models the models' rows
     * @param published published figures by configuration group, empty for none
     */
    public static void writeMarkdown(
            Path md, String title, String description, List<ModelResult> models, Map<String, Reference> published) {
        writeText(md, markdown(title, description, models, published) + methodsMarkdown(models));
    }

    /**
     * The Markdown report: the title, the description, a table with one row per model and, when
     * {@code published} is not empty, a second table comparing each configuration's accuracies,
     * the mean over its seeds, with the published ones (configurations first, then published
     * groups without a model).
     *
     * @param title the report's title
     * @param description one paragraph describing the study
     * @param models the models' rows
     * @param published published figures by configuration group ({@code student-a0.5}), empty for none
     * @return the report, ending in a line break
     */
    public static String markdown(
            String title, String description, List<ModelResult> models, Map<String, Reference> published) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title.strip()).append("\n\n");
        if (!description.isBlank()) {
            md.append(description.strip()).append("\n\n");
        }
        row(md, "model", "architecture", "α", "parameters", "size (MB)", "MACs/image",
                "train %", "val %", "test %", "best epoch: test % (epoch)", "train time");
        row(md, "---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
        for (ModelResult m : models) {
            row(md, m.name(), m.architecture(), m.alpha() == null ? MISSING : Formats.number(m.alpha()),
                    String.format(Locale.US, "%,d", m.parameters()),
                    String.format(Locale.US, "%.2f", m.sizeMb()),
                    String.format(Locale.US, "%,.2f M", m.macs() / 1e6),
                    Formats.fraction(m.trainAcc()), Formats.fraction(m.valAcc()), Formats.fraction(m.testAcc()),
                    bestEpoch(List.of(m)), duration(m.trainSeconds()));
        }
        if (models.stream().anyMatch(m -> m.best() != null)) {
            md.append('\n').append(BEST_EPOCH_NOTE).append('\n');
        }
        if (!published.isEmpty()) {
            md.append(publishedMarkdown(models, published));
        }
        return md.toString();
    }

    /** What the accuracy columns mean. */
    static final String BEST_EPOCH_NOTE = "Train, val and test % are the last epoch's. The best epoch is the one of highest"
            + " validation accuracy; its column gives its weights' test accuracy. The field's papers report the highest"
            + " test accuracy over all epochs, which chooses the epoch on the test set and so reads higher.";

    /**
     * @param seeds the runs of one configuration
     * @return the mean best-epoch test accuracy in percent, with the epoch for one run; a dash where
     *     a run has no best epoch
     */
    static String bestEpoch(List<ModelResult> seeds) {
        if (seeds.isEmpty() || seeds.stream().anyMatch(m -> m.best() == null)) {
            return MISSING;
        }
        double mean = seeds.stream().mapToDouble(m -> m.best().testAcc()).average().orElseThrow();
        return seeds.size() == 1 ? Formats.fraction(mean) + " (" + seeds.get(0).best().epoch() + ")"
                : Formats.fraction(mean) + " (mean of " + seeds.size() + ")";
    }

    /** The comparison with published figures, one row per configuration group. */
    private static String publishedMarkdown(List<ModelResult> models, Map<String, Reference> published) {
        StringBuilder md = new StringBuilder("\n## Comparison with published figures\n\n");
        row(md, "configuration", "seeds", "train %", "train % (published)", "val %", "val % (published)",
                "test %", "test % (published)", "Δ test (points)");
        row(md, "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
        Map<String, ModelGroup> groups = new LinkedHashMap<>();
        ModelGroup.of("", models).forEach(g -> groups.put(g.name(), g));
        published.keySet().stream().filter(n -> !groups.containsKey(n)).sorted().forEach(n -> groups.put(n, null));
        Reference none = new Reference(null, null, null);
        groups.forEach((name, g) -> {
            Reference p = published.getOrDefault(name, none);
            double test = g == null ? Double.NaN : meanTestPercent(g);
            row(md, name, g == null ? MISSING : Integer.toString(g.models().size()),
                    g == null ? MISSING : Formats.percent(g.meanPercent(ModelResult::trainAcc)), Formats.fraction(p.train()),
                    g == null ? MISSING : Formats.percent(g.meanPercent(ModelResult::valAcc)), Formats.fraction(p.val()),
                    Formats.percent(test), Formats.fraction(p.test()),
                    p.test() == null || g == null ? MISSING : String.format(Locale.ROOT, "%+.1f", test - 100 * p.test()));
        });
        return md.toString();
    }

    /**
     * A Markdown table of the students by method: test accuracy (mean over seeds) and its
     * difference from the labels-only ({@code ce}) students, best first.
     *
     * @param models the models' rows
     * @return the section, starting with its heading, or an empty string without students
     */
    public static String methodsMarkdown(List<ModelResult> models) {
        List<ModelGroup> students = ModelGroup.of("", models).stream().filter(g -> !g.teacher()).toList();
        if (students.isEmpty()) {
            return "";
        }
        Double baseline = students.stream().filter(ModelGroup::baseline).map(ResultsWriter::meanTestPercent)
                .findFirst().orElse(null);
        StringBuilder md = new StringBuilder("\n## Methods\n\n");
        row(md, "student", "method", "seeds", "test %", "Δ test vs labels-only (points)");
        row(md, "---", "---", "---:", "---:", "---:");
        students.stream()
                .sorted(Comparator.comparingDouble(ResultsWriter::meanTestPercent).reversed())
                .forEach(g -> {
                    double mean = meanTestPercent(g);
                    row(md, g.name(), String.valueOf(g.first().method()), String.valueOf(g.models().size()),
                            String.format(Locale.ROOT, "%.1f", mean),
                            baseline == null ? MISSING : String.format(Locale.ROOT, "%+.1f", mean - baseline));
                });
        return md.toString();
    }

    /**
     * @param group a configuration
     * @return its test accuracy in percent, averaged over its seeds
     */
    public static double meanTestPercent(ModelGroup group) {
        return group.meanPercent(ModelResult::testAcc);
    }

    private static void row(StringBuilder md, String... cells) {
        md.append('|');
        for (String c : cells) {
            md.append(' ').append(c.replace("|", "\\|").replace('\n', ' ')).append(" |");
        }
        md.append('\n');
    }

    /** {@code 42.0 s}, {@code 12 min 05 s} or {@code 2 h 03 min}. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return MISSING;
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s < 3600
                ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    private static void writeText(Path file, String text) {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
