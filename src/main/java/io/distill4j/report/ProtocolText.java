package io.distill4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A run's protocol in sentences, from the settings its {@code config.json} has. */
final class ProtocolText {
    private ProtocolText() {}

    /**
     * @param config the content of {@code config.json}
     * @param seeds the seeds the run's models were trained with
     * @return the data, the teacher, the students and the seeds, {@code ?} for a missing setting
     */
    static String of(JsonNode config, List<Long> seeds) {
        JsonNode s = config.path("settings");
        JsonNode d = config.path("data");
        StringBuilder t = new StringBuilder();
        t.append("Data: ").append(text(s, "dataset")).append(", ").append(text(d, "train_images"))
                .append(" training, ").append(text(d, "validation_images")).append(" validation and ")
                .append(text(d, "test_images")).append(" test images; the test images are used only for the final"
                        + " accuracies. ");
        t.append("The teacher (").append(text(s, "teacher_model")).append(") was ")
                .append(s.hasNonNull("teacher_weights") ? "loaded from " + text(s, "teacher_weights")
                        : "trained for " + epochs(s, "teacher_epochs"))
                .append("; each student (").append(text(s, "student_model")).append(") was trained for ")
                .append(epochs(s, "student_epochs")).append(" with ").append(loss(s))
                .append(", batch ").append(text(s, "batch_size")).append(", augmentation ")
                .append(s.path("augment").asBoolean(false) ? "on" : "off").append(". ");
        t.append(arithmetic(s.path("precision").asText("fp32"))).append(' ');
        t.append("Seeds: ").append(String.join(", ", seeds.stream().distinct().map(String::valueOf).toList())).append('.');
        return t.toString();
    }

    /** What {@code --precision} meant for the run's figures (runs before it existed computed in float32). */
    static String arithmetic(String precision) {
        return precision.equals("bf16")
                ? "Arithmetic: every forward pass (training, the teacher's outputs, validation, test evaluation and the"
                        + " latency figures) ran in bfloat16 autocast; weights, losses, gradients and the optimizer stayed"
                        + " float32, and the saved weights are float32."
                : "Arithmetic: float32 throughout (training and evaluation).";
    }

    /** How the students' losses were built, from the settings. */
    private static String loss(JsonNode s) {
        List<String> methods = new ArrayList<>();
        s.path("methods").forEach(m -> methods.add(m.asText()));
        if (!methods.isEmpty()) {
            return "one distillation method each (" + String.join(", ", methods) + "; see `distill methods` for their"
                    + " losses and defaults" + (s.path("method_params").isEmpty() ? "" : ", overridden by "
                    + s.path("method_params")) + ") at temperature T = " + text(s, "temperature");
        }
        if (s.path("legacy_notebook_loss").asBoolean(false)) {
            return "the original notebook's flawed loss, reproduced on purpose (--legacy-notebook-loss): α·CE(softmax(s),"
                    + " labels) + (1−α)·CE(s, softmax(teacher)), teacher in training mode, test set normalized with"
                    + " ImageNet statistics";
        }
        return "the loss α·CE(student, labels) + (1−α)·T²·KL(teacher ‖ student) at temperature T = " + text(s, "temperature");
    }

    private static String text(JsonNode object, String field) {
        JsonNode v = object.path(field);
        return v.isMissingNode() || v.isNull() ? "?" : AppliedSettings.text(v);
    }

    private static String epochs(JsonNode settings, String field) {
        JsonNode n = settings.path(field);
        return n.canConvertToLong() ? Formats.count(n.asLong(), "epoch") : "? epochs";
    }
}
