package io.distill4j.api;

/**
 * Training stopped because a loss became NaN or infinite; the message names the model, epoch and
 * batch. A smaller learning rate ({@link TrainOptions#withLearningRate}) or fp32 usually cures it.
 */
public class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming model, epoch and batch */
    public DivergenceException(String message) {
        super(message);
    }
}
