package io.distill4j.study;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.train.TrainingLoop;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput figures of a study, as {@code results.json} stores them under {@code timing}: figures
 * of phases that ran in this call only (a resumed run lacks those its checkpoints already held).
 *
 * @param device the device holding the weights
 * @param devices every device a training batch is split over
 * @param teacherTrainImgPerS teacher training images per second of its own step
 * @param teacherPhaseSeconds wall time of the teacher's phase
 * @param studentsPhaseSeconds wall time of the first seed's students phase
 * @param teacherInferenceImgPerS teacher forwards per second during that phase
 * @param dataPipelineImgPerS batches built per second during that phase, in images
 * @param students each student of the first seed, by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timing(String device, List<String> devices, Double teacherTrainImgPerS, Double teacherPhaseSeconds,
        Double studentsPhaseSeconds, Double teacherInferenceImgPerS, Double dataPipelineImgPerS,
        @JsonIgnore Map<String, Student> students) {

    /**
     * One student's training speed.
     *
     * @param stepImgPerS images per second of its own forward, backward and update
     * @param distillStepImgPerS the same with its share of the teacher's forward, {@code null} without a teacher
     */
    public record Student(double stepImgPerS, Double distillStepImgPerS) {}

    /** Copies the map. */
    public Timing {
        devices = List.copyOf(devices);
        students = Collections.unmodifiableMap(new LinkedHashMap<>(students));
    }

    /** @return no figures yet, on these devices (the first holds the weights) */
    static Timing on(List<ComputeDevice> devices) {
        return new Timing(devices.get(0).toString(), devices.stream().map(ComputeDevice::toString).toList(),
                null, null, null, null, null, Map.of());
    }

    /** @return these figures with the teacher's phase */
    Timing withTeacher(TrainingLoop.PhaseTiming t) {
        return new Timing(device, devices, t.images() / t.stepSeconds().get(0), t.totalSeconds(), studentsPhaseSeconds,
                teacherInferenceImgPerS, dataPipelineImgPerS, students);
    }

    /**
     * @param t the students phase
     * @param names the students, in the phase's order
     * @param distils for each, whether it learns from the teacher
     * @return these figures with the students phase
     */
    Timing withStudents(TrainingLoop.PhaseTiming t, List<String> names, List<Boolean> distils) {
        Map<String, Student> each = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            double step = t.stepSeconds().get(i);
            each.put(names.get(i), new Student(t.images() / step,
                    distils.get(i) ? t.images() / (step + t.teacherSeconds()) : null));
        }
        return new Timing(device, devices, teacherTrainImgPerS, teacherPhaseSeconds, t.totalSeconds(),
                t.teacherSeconds() > 0 ? t.images() / t.teacherSeconds() : null, t.images() / t.dataSeconds(), each);
    }

    /** @return the students' figures as {@code results.json} keys them: {@code <name>_step_img_per_s}, … */
    @JsonAnyGetter
    public Map<String, Double> perStudent() {
        Map<String, Double> flat = new LinkedHashMap<>();
        students.forEach((name, s) -> {
            flat.put(name + "_step_img_per_s", s.stepImgPerS());
            if (s.distillStepImgPerS() != null) {
                flat.put(name + "_distill_step_img_per_s", s.distillStepImgPerS());
            }
        });
        return flat;
    }
}
