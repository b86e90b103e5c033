package io.distill4j.sweep;

import io.distill4j.BadInputException;
import io.distill4j.model.ModelManifest;
import io.distill4j.model.SavedModel;
import io.distill4j.settings.Setting;
import io.distill4j.settings.SettingValues;
import io.distill4j.settings.Settings;
import io.distill4j.settings.StudyConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sweep expanded: numbered cells, each a complete study configuration with a content hash, and
 * the teachers they share, one per dataset. Written to and read from {@code plan.json} by {@link
 * PlanFile}; a sweep directory holds it beside {@code teachers/T/} and {@code cells/K/}.
 *
 * @param hash SHA-256 of the teachers' and cells' hashes, in order: the plan's identity
 * @param teachers the teachers, in order of first use
 * @param cells the cells, numbered from 0
 */
public record SweepPlan(String hash, List<Teacher> teachers, List<Cell> cells) {
    /**
     * The settings that say which data a study trains on: cells that agree on them share a teacher.
     */
    static final List<Setting<?>> DATA = List.of(Settings.DATASET, Settings.DATA_DIR, Settings.LABELS,
            Settings.IMAGE_SIZE, Settings.CACHE_DIR, Settings.TEST_FRACTION, Settings.SKIP_BAD_IMAGES,
            Settings.TRAIN_LIMIT, Settings.VALIDATION_FRACTION, Settings.SPLIT_SEED);
    /** Grid keys that name a student configuration inside one study; the others (but the seed) tell runs apart. */
    static final List<Setting<?>> CONFIGURATION = List.of(Settings.METHODS, Settings.ALPHAS, Settings.SEED);

    /**
     * One teacher of the sweep.
     *
     * @param index its number
     * @param config the settings it is trained with (the sweep's, with its cells' data)
     * @param given weights the sweep file names ({@code teacher: FILE}), or {@code null} for one the
     *     sweep trains into {@code teachers/<index>/}
     * @param hash SHA-256 of its settings
     */
    public record Teacher(int index, StudyConfig config, Path given, String hash) {
        /**
         * @param sweep the sweep directory
         * @return the weights its cells load
         */
        public Path weights(Path sweep) {
            return given != null ? given : SweepLayout.teacherDir(sweep, index).resolve("models").resolve("teacher.params");
        }
    }

    /**
     * One cell: a study run with one value of every grid key.
     *
     * @param index its number, from 0
     * @param config its settings as planned; {@link #runConfig} adds the teacher
     * @param teacher the index of its teacher
     * @param label its grid values, e.g. {@code methods kd, seed 2}
     * @param run its grid values but the methods, α and seed: the cells a report compares side by
     *     side ({@code ""} where the grid has no other key)
     * @param hash SHA-256 of its settings and its teacher's
     */
    public record Cell(int index, StudyConfig config, int teacher, String label, String run, String hash) {
        /**
         * @param plan the plan the cell belongs to
         * @param sweep the sweep directory
         * @return the settings it runs with: its teacher loaded, no teacher epochs
         */
        public StudyConfig runConfig(SweepPlan plan, Path sweep) {
            Path weights = plan.teachers().get(teacher).weights(sweep);
            return StudyConfig.of(config.values().with(Settings.TEACHER, weights).with(Settings.TEACHER_EPOCHS, 0));
        }
    }

    /** Makes the lists immutable. */
    public SweepPlan {
        teachers = List.copyOf(teachers);
        cells = List.copyOf(cells);
    }

    /**
     * @param spec a sweep file's settings and grid
     * @return every combination of the grid's values, in order (the last key varies fastest), each
     *     checked as a study configuration, and one teacher per dataset
     * @throws BadInputException naming the cell for a combination that is no valid study, or where
     *     the teacher the sweep file gives disagrees with the cells
     */
    public static SweepPlan expand(SweepSpec spec) {
        List<Map<Setting<?>, Object>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (SweepSpec.Axis axis : spec.grid()) {
            List<Map<Setting<?>, Object>> next = new ArrayList<>();
            for (Map<Setting<?>, Object> c : combinations) {
                for (Object value : axis.values()) {
                    Map<Setting<?>, Object> more = new LinkedHashMap<>(c);
                    more.put(axis.setting(), value);
                    next.add(more);
                }
            }
            combinations = next;
        }
        Map<String, Teacher> teachers = new LinkedHashMap<>();
        List<Cell> cells = new ArrayList<>();
        for (Map<Setting<?>, Object> combination : combinations) {
            int k = cells.size();
            String label = label(combination, false);
            SettingValues given = spec.settings();
            SettingValues data = spec.settings();
            for (Map.Entry<Setting<?>, Object> e : combination.entrySet()) {
                given = with(given, e.getKey(), e.getValue());
                data = DATA.contains(e.getKey()) ? with(data, e.getKey(), e.getValue()) : data;
            }
            StudyConfig config = checked("cell " + k + " (" + label + ")", given);
            StudyConfig teacherConfig = checked("the teacher of cell " + k + " (" + label + ")", data);
            String dataKey = DATA.stream().map(s -> String.valueOf(teacherConfig.get(s))).collect(Collectors.joining("\n"));
            Teacher teacher = teachers.computeIfAbsent(dataKey, key -> new Teacher(teachers.size(), teacherConfig,
                    teacherConfig.teacherWeights() == null ? null : teacherConfig.teacherWeights().toAbsolutePath(), PlanFile.hash(PlanFile.settingsJson(teacherConfig))));
            checkGivenTeacher(teacher, config, k, label);
            cells.add(new Cell(k, config, teacher.index(), label, label(combination, true), PlanFile.hash(
                    PlanFile.settingsJson(config) + "\nteacher " + teacher.hash())));
        }
        if (spec.settings().has(Settings.TEACHER) && teachers.size() > 1) {
            throw new BadInputException("--config " + spec.file() + " gives one teacher (" + spec.settings().get(Settings.TEACHER)
                    + ") but its grid has " + teachers.size() + " datasets: drop teacher to train one per dataset");
        }
        return of(List.copyOf(teachers.values()), cells);
    }

    /** @return the plan of these teachers and cells, with its hash */
    static SweepPlan of(List<Teacher> teachers, List<Cell> cells) {
        StringBuilder all = new StringBuilder();
        teachers.forEach(t -> all.append("teacher ").append(t.hash()).append('\n'));
        cells.forEach(c -> all.append("cell ").append(c.hash()).append('\n'));
        return new SweepPlan(PlanFile.hash(all.toString()), teachers, cells);
    }

    /** A teacher named by the sweep file must be the architecture, and of the dataset, its cells use. */
    private static void checkGivenTeacher(Teacher teacher, StudyConfig cell, int k, String label) {
        ModelManifest manifest = teacher.given() == null ? null : SavedModel.manifestOf(teacher.given());
        if (manifest == null) {
            return;
        }
        String problem = null;
        if (!manifest.architecture().equals(cell.teacherModel())) {
            problem = "is a " + manifest.architecture() + " but the cell's teacher-model is " + cell.teacherModel();
        } else if (!cell.get(Settings.ALLOW_OTHER_DATA) && manifest.dataset() != null
                && !manifest.dataset().equals(cell.dataset())) {
            problem = "was trained on " + manifest.dataset() + " but the cell runs on " + cell.dataset();
        }
        if (problem != null) {
            throw new BadInputException("cell " + k + " (" + label + ") disagrees with the sweep's teacher: "
                    + teacher.given() + " " + problem + "; give the teacher of that data and model, or drop teacher to"
                    + " train one");
        }
    }

    private static StudyConfig checked(String what, SettingValues given) {
        try {
            return StudyConfig.of(given);
        } catch (BadInputException e) {
            throw new BadInputException(what + ": " + e.getMessage(), e);
        }
    }

    private static <T> SettingValues with(SettingValues values, Setting<T> s, Object value) {
        return values.with(s, s.cast(value));
    }

    /** @return {@code key value, …} of the grid values, without the configuration keys where {@code runOnly} */
    private static String label(Map<Setting<?>, Object> combination, boolean runOnly) {
        return combination.entrySet().stream().filter(e -> !runOnly || !CONFIGURATION.contains(e.getKey()))
                .map(e -> e.getKey().name() + " " + show(e.getValue())).collect(Collectors.joining(", "));
    }

    /** @return a grid value as a person reads it: {@code 0.5}, {@code ce,kd}, {@code kd.alpha=0.5} */
    static String show(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(SweepPlan::show).collect(Collectors.joining(","));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue())).collect(Collectors.joining(","));
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /**
     * @param k a cell number
     * @return the cell
     * @throws BadInputException for a number outside the plan
     */
    public Cell cell(int k) {
        if (k < 0 || k >= cells.size()) {
            throw new BadInputException("cell " + k + " is outside the plan, whose cells are 0 to " + (cells.size() - 1)
                    + ": give one of those");
        }
        return cells.get(k);
    }
}
