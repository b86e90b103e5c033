package io.distill4j.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.settings.SettingsFile;
import io.distill4j.settings.StudyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code plan.json}: every teacher's and cell's full settings (the {@code settings} object of a
 * run's {@code config.json}) with their hashes and the plan's. Reading recomputes every hash from
 * the settings, so a plan edited by hand is refused rather than run as something it does not say.
 */
public final class PlanFile {
    /** The format's name, first in the file. */
    public static final String FORMAT = "distill4j-sweep-plan-v1";

    private static final ObjectMapper JSON = Json.mapper();
    private static final ObjectMapper COMPACT = Json.mapper().disable(SerializationFeature.INDENT_OUTPUT);

    private PlanFile() {}

    /**
     * Writes the plan into a new sweep directory, or leaves a directory that holds the same plan.
     *
     * @param sweep the sweep directory, new or empty or holding this very plan
     * @param plan the plan
     * @return whether the plan was written now ({@code false}: the directory already held it)
     * @throws BadInputException if the directory holds another plan or other files
     */
    public static boolean create(Path sweep, SweepPlan plan) {
        Path file = SweepLayout.plan(sweep);
        if (Files.isRegularFile(file)) {
            String old = readTree(file).path("hash").asText();
            if (old.equals(plan.hash())) {
                return false;
            }
            throw new BadInputException("--out " + sweep + " holds the plan of another sweep (" + shortHash(old)
                    + ", this one " + shortHash(plan.hash()) + "): plan into a new directory");
        }
        try (var entries = Files.isDirectory(sweep) ? Files.list(sweep) : java.util.stream.Stream.<Path>empty()) {
            if (entries.findAny().isPresent()) {
                throw new BadInputException("--out " + sweep + " already holds files; results are never overwritten:"
                        + " name a new directory");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read --out " + sweep + " (" + e.getMessage() + ")", e);
        }
        AtomicFiles.write(file, bytes(plan, sweep));
        return true;
    }

    private static byte[] bytes(SweepPlan plan, Path sweep) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("hash", plan.hash());
        List<Map<String, Object>> teachers = new ArrayList<>();
        for (SweepPlan.Teacher t : plan.teachers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", t.index());
            m.put("hash", t.hash());
            m.put("given", t.given() == null ? null : t.given().toString());
            m.put("weights", t.given() == null ? sweep.relativize(t.weights(sweep)).toString() : t.given().toString());
            m.put("settings", SettingsFile.toJson(t.config()));
            teachers.add(m);
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        for (SweepPlan.Cell c : plan.cells()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", c.index());
            m.put("hash", c.hash());
            m.put("teacher", c.teacher());
            m.put("label", c.label());
            m.put("run", c.run());
            m.put("settings", SettingsFile.toJson(c.config()));
            cells.add(m);
        }
        doc.put("teachers", teachers);
        doc.put("cells", cells);
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the plan as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @param sweep a sweep directory written by {@code distill sweep plan}
     * @return its plan, every hash checked
     * @throws BadInputException if there is no plan, or it is unreadable or was changed after planning
     */
    public static SweepPlan read(Path sweep) {
        Path file = SweepLayout.plan(sweep);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(sweep + " holds no " + SweepLayout.PLAN
                    + ": give a directory written by distill sweep plan");
        }
        JsonNode root = readTree(file);
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new BadInputException(file + " is not a distill4j sweep plan (format " + root.path("format")
                    + "): give a directory written by distill sweep plan");
        }
        List<SweepPlan.Teacher> teachers = new ArrayList<>();
        for (JsonNode t : root.path("teachers")) {
            StudyConfig config = config(file, t, "teacher " + teachers.size());
            teachers.add(new SweepPlan.Teacher(teachers.size(), config,
                    t.path("given").isTextual() ? Path.of(t.path("given").asText()) : null,
                    checkedHash(file, t, "teacher " + teachers.size(), hash(settingsJson(config)))));
        }
        List<SweepPlan.Cell> cells = new ArrayList<>();
        for (JsonNode c : root.path("cells")) {
            int teacher = c.path("teacher").asInt(-1);
            if (teacher < 0 || teacher >= teachers.size()) {
                throw edited(file, "cell " + cells.size() + " names no teacher of the plan");
            }
            StudyConfig config = config(file, c, "cell " + cells.size());
            cells.add(new SweepPlan.Cell(cells.size(), config, teacher, c.path("label").asText(), c.path("run").asText(),
                    checkedHash(file, c, "cell " + cells.size(),
                            hash(settingsJson(config) + "\nteacher " + teachers.get(teacher).hash()))));
        }
        SweepPlan plan = SweepPlan.of(teachers, cells);
        if (cells.isEmpty() || !plan.hash().equals(root.path("hash").asText())) {
            throw edited(file, "its hash does not match its teachers and cells");
        }
        return plan;
    }

    private static StudyConfig config(Path file, JsonNode node, String what) {
        StudyConfig config;
        try {
            config = SettingsFile.fromJson(node.path("settings"));
        } catch (IOException e) {
            throw new BadInputException(file + " is unreadable (" + what + ": " + e.getMessage()
                    + "): plan the sweep again into a new directory", e);
        }
        return config;
    }

    /** @return the hash, checked against the one the file gives */
    private static String checkedHash(Path file, JsonNode node, String what, String hash) {
        if (!hash.equals(node.path("hash").asText())) {
            throw edited(file, what + "'s settings do not match its hash");
        }
        return hash;
    }

    private static BadInputException edited(Path file, String why) {
        return new BadInputException(file + " was changed after planning (" + why
                + "): plan the sweep again into a new directory");
    }

    private static JsonNode readTree(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + " is unreadable (" + e.getMessage().lines().findFirst().orElse("")
                    + "): plan the sweep again into a new directory", e);
        }
    }

    /** @return the settings as canonical JSON text, what a hash is taken of */
    static String settingsJson(StudyConfig config) {
        try {
            return COMPACT.writeValueAsString(SettingsFile.toJson(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write settings as JSON: " + e.getMessage(), e);
        }
    }

    /** @return the SHA-256 of the text, in hexadecimal */
    static String hash(String text) {
        return io.distill4j.Hashes.sha256Hex(text);
    }

    /** @return the first 12 digits of a hash, as messages show it */
    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
