package io.distill4j.distill;

import java.util.Set;

/**
 * An objective comparing one named feature of the student with one of the teacher (RKD, SP,
 * FitNets): it always needs the teacher and requests exactly those two features.
 */
public interface FeatureObjective extends Objective {
    /** @return the student's feature */
    String studentFeature();

    /** @return the teacher's feature */
    String teacherFeature();

    @Override
    default boolean needsTeacher() {
        return true;
    }

    @Override
    default Set<String> studentFeatures() {
        return Set.of(studentFeature());
    }

    @Override
    default Set<String> teacherFeatures() {
        return Set.of(teacherFeature());
    }
}
