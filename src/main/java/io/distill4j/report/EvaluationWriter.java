package io.distill4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.Json;
import io.distill4j.eval.ModelEvaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads {@code evaluation.json}: {@code {"models": [...]}} with one {@link
 * ModelEvaluation} per model, fields in snake_case like {@code results.json}.
 */
public final class EvaluationWriter {
    /** Conventional file name inside a run directory. */
    public static final String FILE_NAME = "evaluation.json";

    private static final ObjectMapper JSON = Json.mapper();

    private EvaluationWriter() {}

    /**
     * @param json file to write (parent directories are created)
     * @param models the evaluations, in the order of {@code results.json}
     */
    public static void write(Path json, List<ModelEvaluation> models) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("models", models);
        try {
            AtomicFiles.write(json, (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the evaluations as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @param json a file written by {@link #write}
     * @return the evaluations in file order
     * @throws BadInputException if the file is missing, is not JSON, or a model is malformed
     */
    public static List<ModelEvaluation> read(Path json) {
        JsonNode models;
        try {
            models = JSON.readTree(json.toFile()).path("models");
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BadInputException("evaluation file " + json + " does not exist; evaluate the run's models first", e);
        } catch (IOException e) {
            throw new BadInputException("cannot read evaluation file " + json + ": " + firstLine(e.getMessage()), e);
        }
        if (!models.isArray()) {
            throw new BadInputException(json + " has no 'models' array; is this a distill4j " + FILE_NAME + "?");
        }
        List<ModelEvaluation> out = new ArrayList<>();
        for (JsonNode m : models) {
            try {
                out.add(JSON.treeToValue(m, ModelEvaluation.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new BadInputException(json + ": model #" + (out.size() + 1) + " is malformed: "
                        + firstLine(why) + "; rewrite the file by evaluating again", e);
            }
        }
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
