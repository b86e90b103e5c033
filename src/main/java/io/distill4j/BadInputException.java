package io.distill4j;

/**
 * A problem with what the user supplied (a file, a directory, an option value or a name). The CLI
 * prints its message as one line and exits with code 2; the message names the problem and the fix.
 * It is the Java API's {@link io.distill4j.api.InvalidInputException}, so that every refusal thrown
 * anywhere inside reaches a library caller as that one public type.
 */
public class BadInputException extends io.distill4j.api.InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the problem and how to fix it */
    public BadInputException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the problem and how to fix it
     * @param cause the underlying error
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
