package io.distill4j.distill;

import io.distill4j.model.ModelOutput;
import org.bytedeco.pytorch.Tensor;

/**
 * A {@link FeatureObjective} whose loss relates the samples of a batch to each other (RKD's distances
 * and angles, SP's similarity matrix): it is the loss of a whole batch, never a sum over its parts,
 * so data-parallel training computes it on the gathered batch.
 */
public interface BatchRelation extends FeatureObjective {
    /**
     * @param student the student's feature {@code (N, …)}
     * @param teacher the teacher's feature {@code (N, …)}, no gradient
     * @return the scalar loss of the batch
     */
    Tensor of(Tensor student, Tensor teacher);

    @Override
    default boolean batchRelational() {
        return true;
    }

    @Override
    default Tensor loss(ModelOutput student, Tensor labels, ModelOutput teacher, double epoch) {
        return of(student.feature(studentFeature()), teacher.feature(teacherFeature()));
    }
}
