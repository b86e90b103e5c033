package io.distill4j.cluster;

/**
 * A process of a multi-process job cannot go on with the others: one of them stopped, cannot be
 * reached, or did not join in time. The message names this process's rank and the fix.
 */
public class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the rank
     * @param cause the error from c10d
     */
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
