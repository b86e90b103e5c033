package io.distill4j.api;

import io.distill4j.distill.Methods;
import io.distill4j.model.ModelRegistry;
import io.distill4j.settings.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a student is distilled: validated on construction, changed through the {@code with…} methods.
 *
 * @param method a registered method ({@link Students#methods()}), e.g. {@code kd}, {@code sp},
 *     {@code rkd+kd}, or {@code ce} for labels only
 * @param student the student's registered architecture ({@link Models#architectures()}), e.g.
 *     {@code student-cnn}
 * @param temperature the distillation temperature T, in (0, 100]
 * @param params hyper-parameter overrides keyed {@code method.parameter}, e.g.
 *     {@code kd.alpha = 0.5}; unmentioned ones keep their defaults
 * @param training how the student is trained
 */
public record DistillOptions(String method, String student, double temperature, Map<String, Double> params,
        TrainOptions training) {
    /** Valid temperatures: {@code --temperature}'s. */
    public static final ValueRange TEMPERATURE = ValueRange.of(Settings.TEMPERATURE_RANGE);

    /**
     * Checks every value.
     *
     * @param method a registered method, e.g. {@code kd}
     * @param student the student's registered architecture, e.g. {@code student-cnn}
     * @param temperature the distillation temperature T, in (0, 100]
     * @param params hyper-parameter overrides keyed {@code method.parameter}
     * @param training how the student is trained
     * @throws InvalidInputException for an unknown method, parameter or architecture (listing the valid
     *     ones) or a temperature out of range
     */
    public DistillOptions {
        if (method == null || student == null || training == null) {
            throw new InvalidInputException("distillation options need a method, a student architecture and training"
                    + " options: start from DistillOptions.of(\"kd\")");
        }
        params = Map.copyOf(params);
        Methods.validate(List.of(method), params);
        ModelRegistry.get(student);
        Settings.TEMPERATURE_RANGE.check("temperature", temperature, Settings.TEMPERATURE.defaults().example());
    }

    /**
     * @param method a registered method name
     * @return the study's settings for that method: {@code student-cnn}, T = 4, the method's
     *     default hyper-parameters, {@link TrainOptions#DEFAULT}
     * @throws InvalidInputException for an unknown method, listing the valid ones
     */
    public static DistillOptions of(String method) {
        return new DistillOptions(method, Settings.STUDENT_MODEL.defaults().example(), Settings.TEMPERATURE.defaults().example(),
                Map.of(), TrainOptions.DEFAULT);
    }

    /**
     * @param architecture a registered architecture
     * @return these options with that student
     */
    public DistillOptions withStudent(String architecture) {
        return new DistillOptions(method, architecture, temperature, params, training);
    }

    /**
     * @param t the temperature
     * @return these options at temperature {@code t}
     */
    public DistillOptions withTemperature(double t) {
        return new DistillOptions(method, student, t, params, training);
    }

    /**
     * @param key a hyper-parameter, {@code method.parameter} (see {@link Students#methods()})
     * @param value its value, finite and non-negative
     * @return these options with that hyper-parameter overridden
     */
    public DistillOptions withParam(String key, double value) {
        Map<String, Double> all = new HashMap<>(params);
        all.put(key, value);
        return new DistillOptions(method, student, temperature, all, training);
    }

    /**
     * @param options how the student is trained
     * @return these options with that training
     */
    public DistillOptions withTraining(TrainOptions options) {
        return new DistillOptions(method, student, temperature, params, options);
    }
}
