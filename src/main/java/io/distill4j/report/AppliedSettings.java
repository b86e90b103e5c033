package io.distill4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The settings of a run's {@code config.json} that apply to it, for the report: a setting that is
 * unset, empty, a flag left off, or that the run's other settings make moot (the data directory of
 * synthetic data, a folder's options on CIFAR, the teacher's training settings when a trained teacher
 * was given, {@code alphas} when {@code methods} replace them) is left out.
 */
final class AppliedSettings {
    private static final Set<String> FOLDER_ONLY = Set.of("cache_dir", "test_fraction", "skip_bad_images");
    private static final Set<String> FLAGS_SHOWN_WHEN_ON = Set.of("skip_bad_images", "allow_other_data",
            "legacy_notebook_loss");
    private static final Set<String> TEACHER_TRAINING = Set.of("teacher_epochs", "teacher_lr", "teacher_momentum",
            "teacher_weight_decay", "teacher_warmup_epochs", "teacher_schedule");

    private AppliedSettings() {}

    /**
     * @param settings the {@code settings} object of {@code config.json}
     * @return a copy without the settings that do not apply
     */
    static JsonNode of(JsonNode settings) {
        if (!settings.isObject()) {
            return settings;
        }
        ObjectNode kept = settings.deepCopy();
        String dataset = settings.path("dataset").asText("");
        List<String> moot = new ArrayList<>();
        if (!dataset.equals("folder")) {
            moot.addAll(FOLDER_ONLY);
        }
        if (dataset.equals("synthetic")) {
            moot.add("data_dir");
        }
        if (!dataset.equals("cifar100")) {
            moot.add("labels");
        }
        if (settings.path("methods").size() > 0) {
            moot.add("alphas");
        }
        if (given(settings, "teacher_weights") || given(settings, "teacher_torchscript") || given(settings, "teacher_outputs")) {
            moot.addAll(TEACHER_TRAINING);
        }
        kept.remove(moot);
        List<String> unset = new ArrayList<>();
        kept.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isNull() || (v.isContainerNode() && v.isEmpty())
                    || (FLAGS_SHOWN_WHEN_ON.contains(e.getKey()) && !v.asBoolean(false))) {
                unset.add(e.getKey());
            }
        });
        kept.remove(unset);
        return kept;
    }

    /**
     * @param value a setting's or data field's value
     * @return it for people: numbers without exponent or trailing zeros ({@code 0.0005}, {@code 1})
     */
    static String text(JsonNode value) {
        return value.isNumber() ? Formats.number(value.asDouble()) : value.asText();
    }

    private static boolean given(JsonNode settings, String field) {
        return settings.hasNonNull(field) && !settings.path(field).asText().isEmpty();
    }
}
