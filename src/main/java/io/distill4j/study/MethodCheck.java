package io.distill4j.study;

import io.distill4j.BadInputException;
import io.distill4j.distill.Methods;
import io.distill4j.distill.Objective;
import io.distill4j.engine.ComputeDevice;
import io.distill4j.model.Classifier;
import io.distill4j.model.ClassifierShape;
import io.distill4j.model.InputShape;
import io.distill4j.model.Network;
import io.distill4j.settings.StudyConfig;
import io.distill4j.store.TeacherStore;
import io.distill4j.train.DataParallel;

/** Checks a study's methods before anything is trained or written. */
public final class MethodCheck {
    private MethodCheck() {}

    /**
     * Builds every method's objective once on fresh models, so that a feature the models (or a
     * teacher-output store) lack fails before anything is trained or written; with several devices,
     * checks that every method's objective can be split across them; with several processes, that
     * none keeps a state of every training image.
     *
     * @param config the settings
     * @param shape the data's image side and class count
     * @param devices the number of devices a batch is split over
     * @param processes whether the study trains on several processes ({@code --nodes})
     * @throws BadInputException naming the method and the fix
     */
    public static void run(StudyConfig config, InputShape shape, int devices, boolean processes) {
        if (config.methods().isEmpty()) {
            return;
        }
        try (Network student = Network.create(config.studentModel(), 0, ComputeDevice.cpu(), shape);
                Classifier checking = config.teacherOutputs() == null ? StudyModels.checkingTeacher(config, shape) : null) {
            TeacherStore store = checking != null ? null : TeacherStore.open(config.teacherOutputs());
            ClassifierShape teacher = checking != null ? checking : store.teacher();
            for (String method : config.methods()) {
                Objective objective = Methods.create(
                        method, config.methodParams(), new Methods.Context(student, teacher, config.temperature(), 0, 1, null));
                if (store != null) {
                    store.requireFeatures(method, objective.teacherFeatures());
                }
                if (devices > 1) {
                    DataParallel.check(method, objective);
                }
                if (processes && objective.keepsImageState()) {
                    throw new BadInputException("method " + method + " keeps a state of every training image (a memory"
                            + " bank), which each process of a --nodes job would update with its own shard only: train it"
                            + " in one process (drop --nodes), or drop it from --methods");
                }
            }
        }
    }
}
