package io.distill4j.train;

import io.distill4j.data.BatchSource;
import io.distill4j.model.Classifier;
import io.distill4j.model.ModelOutput;
import java.util.Set;

/**
 * Where a training pass gets the teacher's outputs on each batch: from the teacher itself, run
 * once per batch ({@link #live}), or from a store that holds them for exactly these batches,
 * computed once beforehand ({@code io.distill4j.store.StoredOutputs}).
 */
public interface TeacherOutputs {
    /**
     * Which augmented view a batch is: its place in the seeded epoch order.
     *
     * @param seed the phase's data seed
     * @param epoch 1-based epoch
     * @param first position in the epoch order of the batch's first image
     * @param samples the training-split indices of the batch's images, in batch order
     */
    record View(long seed, int epoch, int first, int[] samples) {}

    /**
     * @param batch the augmented batch the learners see
     * @param view where the batch lies in the phase's seeded order
     * @param training whether the teacher runs in training mode (the notebook's defect)
     * @param features the teacher features the learners read
     * @return the teacher's logits and features on the batch
     */
    ModelOutput outputs(BatchSource.Batch batch, View view, boolean training, Set<String> features);

    /**
     * @param teacher the frozen teacher
     * @return outputs computed by a forward pass of {@code teacher} on each batch
     */
    static TeacherOutputs live(Classifier teacher) {
        java.util.Objects.requireNonNull(teacher, "teacher");
        return (batch, view, training, features) -> teacher.forward(batch.images(), training, features);
    }
}
