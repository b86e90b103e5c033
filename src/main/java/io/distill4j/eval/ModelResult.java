package io.distill4j.eval;

/**
 * One trained model's row in the study's results table.
 *
 * @param name run name, unique in a run, e.g. {@code teacher}, {@code student-a1}, {@code student-rkd-s2}
 * @param group the configuration this model is one seed of, e.g. {@code student-a0.5}; runs of one
 *     group differ only in their seed
 * @param method distillation method of a student ({@code ce} for labels only, {@code kd}, {@code rkd},
 *     …), {@code null} for the teacher
 * @param seed seed of the model's weight initialization, batch order, augmentation and dropout
 * @param architecture registered model name, e.g. {@code alexnet}
 * @param role {@code teacher} or {@code student}
 * @param alpha weight of the label loss for a student, {@code null} for the teacher
 * @param trainAcc accuracy on the training split (inference mode, no augmentation), in [0, 1]
 * @param valAcc accuracy on the validation split, in [0, 1]
 * @param testAcc accuracy on the test set, in [0, 1]
 * @param parameters trainable parameters
 * @param sizeMb size of the float32 weights in MB (10^6 bytes)
 * @param macs multiply-accumulates per image of one forward pass
 * @param trainSeconds wall time spent training this model (shared passes split evenly)
 * @param best the epoch of best validation accuracy and its weights' test accuracy, or {@code null}
 *     where the model was not trained in the run (a reused teacher) or its epochs were not kept
 */
public record ModelResult(
        String name,
        String group,
        String method,
        long seed,
        String architecture,
        String role,
        Double alpha,
        double trainAcc,
        double valAcc,
        double testAcc,
        long parameters,
        double sizeMb,
        long macs,
        double trainSeconds,
        Best best) {
    /**
     * The best epoch, chosen by validation accuracy. The field's papers report the highest test
     * accuracy over all epochs instead, which chooses on the test set; this choice does not.
     *
     * @param epoch the 1-based epoch of the highest validation accuracy (the first of equal ones)
     * @param valAcc its validation accuracy, in [0, 1]
     * @param testAcc the test accuracy of that epoch's weights, in [0, 1]
     */
    public record Best(int epoch, double valAcc, double testAcc) {}

    /** A row without a best epoch. */
    public ModelResult(String name, String group, String method, long seed, String architecture, String role,
            Double alpha, double trainAcc, double valAcc, double testAcc, long parameters, double sizeMb, long macs,
            double trainSeconds) {
        this(name, group, method, seed, architecture, role, alpha, trainAcc, valAcc, testAcc, parameters, sizeMb, macs,
                trainSeconds, null);
    }

    /**
     * @param epoch the best epoch of this model's training
     * @return this row with it
     */
    public ModelResult withBest(Best epoch) {
        return new ModelResult(name, group, method, seed, architecture, role, alpha, trainAcc, valAcc, testAcc,
                parameters, sizeMb, macs, trainSeconds, epoch);
    }

    /**
     * @param seed the seed of the run that reuses this model
     * @return this row in a run that reuses the model as it is (a sweep cell's teacher): that run's
     *     seed and no training time
     */
    public ModelResult reusedIn(long seed) {
        return new ModelResult(name, group, method, seed, architecture, role, alpha, trainAcc, valAcc, testAcc,
                parameters, sizeMb, macs, 0, best);
    }
}
