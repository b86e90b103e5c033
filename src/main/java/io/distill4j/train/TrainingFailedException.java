package io.distill4j.train;

/**
 * Training cannot go on, e.g. a loss became NaN or infinite; the message names where. It is the Java
 * API's {@link io.distill4j.api.DivergenceException}.
 */
public class TrainingFailedException extends io.distill4j.api.DivergenceException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming model, epoch and batch */
    public TrainingFailedException(String message) {
        super(message);
    }
}
