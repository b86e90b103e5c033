package io.distill4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.distill4j.BadInputException;
import io.distill4j.settings.Setting;
import io.distill4j.settings.SettingValues;
import io.distill4j.settings.Settings;
import io.distill4j.settings.SettingsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep file ({@code sweep.yaml} or {@code .json}): the study settings every cell shares and the
 * grid, each key a study setting (the names of {@code --config}) with a list of values. A value of a
 * list-valued setting may be given alone ({@code methods: [ce, kd]} is one method per cell).
 *
 * <pre>
 * settings: {preset: quick, dataset: synthetic, threads: 2}
 * grid:
 *   methods: [ce, kd, sp]
 *   method-param: [{kd.alpha: 0.5}, {kd.alpha: 0.9}]
 *   seed: [1, 2]
 * </pre>
 *
 * @param file where it was read from, for messages
 * @param settings the settings of every cell
 * @param grid the axes, in file order; the last varies fastest
 */
public record SweepSpec(Path file, SettingValues settings, List<Axis> grid) {
    /** Top-level keys of a sweep file. */
    public static final List<String> KEYS = List.of("grid", "settings");

    /**
     * Settings that only shape the teacher, which a sweep trains once per dataset from {@code
     * settings}: a grid over one of them would make cells that differ in nothing.
     */
    static final List<Setting<?>> TEACHER_ONLY = List.of(Settings.PRESET, Settings.TEACHER, Settings.TEACHER_MODEL,
            Settings.TEACHER_EPOCHS, Settings.TEACHER_SGD.lr(), Settings.TEACHER_SGD.momentum(),
            Settings.TEACHER_SGD.weightDecay(), Settings.TEACHER_SGD.warmupEpochs(), Settings.TEACHER_SGD.schedule(),
            Settings.SEEDS);

    /**
     * One grid axis.
     *
     * @param setting the setting it varies
     * @param values its values, each of the setting's kind, distinct
     */
    public record Axis(Setting<?> setting, List<Object> values) {
        /** Makes the values immutable. */
        public Axis {
            values = List.copyOf(values);
        }
    }

    /** Makes the grid immutable. */
    public SweepSpec {
        grid = List.copyOf(grid);
    }

    /**
     * @param file a JSON or YAML sweep file
     * @return its settings and grid, not yet expanded (see {@link SweepPlan#expand})
     * @throws BadInputException naming the key and the fix for an unknown key, a wrong type, an
     *     empty or repeated grid value, or a grid over a setting of the teacher
     */
    public static SweepSpec read(Path file) {
        String where = "--config " + file;
        JsonNode root = SettingsFile.tree(file, where);
        if (root == null || !root.isObject() || !root.has("grid")) {
            throw new BadInputException(where + " holds no grid: give 'grid:' with lists of values, e.g. methods: [ce, kd]");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!KEYS.contains(e.getKey())) {
                throw new BadInputException(where + ": unknown key '" + e.getKey() + "'; valid keys are "
                        + String.join(", ", KEYS));
            }
        }
        SettingValues settings = root.has("settings")
                ? SettingsFile.relativeTo(SettingsFile.read(root.get("settings"), where + " settings"), file)
                : SettingValues.empty();
        JsonNode grid = root.get("grid");
        if (!grid.isObject() || grid.isEmpty()) {
            throw new BadInputException(where + ": grid must hold lists of values, e.g. methods: [ce, kd]");
        }
        List<Axis> axes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : grid.properties()) {
            Setting<?> s = SettingsFile.setting(e.getKey(), where + ": unknown grid key");
            axes.add(axis(where, s, e.getValue(), settings));
        }
        if (settings.has(Settings.SEEDS) && settings.get(Settings.SEEDS) > 1 && grid.has(Settings.SEED.name())) {
            throw new BadInputException(where + ": give the seeds either as the grid's seed list or as seeds, not both");
        }
        return new SweepSpec(file, settings, axes);
    }

    private static Axis axis(String where, Setting<?> s, JsonNode node, SettingValues settings) {
        String key = where + ": grid key '" + s.name() + "'";
        if (TEACHER_ONLY.contains(s)) {
            throw new BadInputException(key + " changes the teacher, which a sweep trains once per dataset: set it"
                    + " under settings");
        }
        if (settings.has(s)) {
            throw new BadInputException(key + " is also under settings: give it in one place");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new BadInputException(key + " needs a list of values, e.g. " + s.name() + ": [a, b]");
        }
        List<Object> values = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (JsonNode item : node) {
            Object value = SettingsFile.value(s, elementOf(s, item), where + ": grid key");
            if (value == null || !seen.add(value)) {
                throw new BadInputException(key + (value == null ? " has an empty value" : " repeats the value " + item)
                        + ": give each value once");
            }
            values.add(value);
        }
        return new Axis(s, values);
    }

    /** A list-valued setting's single value given alone stands for the list of it. */
    private static JsonNode elementOf(Setting<?> s, JsonNode item) {
        boolean listKind = s.kind().read().apply(JsonNodeFactory.instance.arrayNode()) != null;
        return listKind && !item.isArray() ? JsonNodeFactory.instance.arrayNode().add(item) : item;
    }

    /** @return the grid's axes by setting name, for messages and labels */
    List<String> keys() {
        return grid.stream().map(a -> a.setting().name()).toList();
    }
}
