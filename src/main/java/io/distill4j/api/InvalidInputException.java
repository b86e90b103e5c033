package io.distill4j.api;

/**
 * Bad input to the API: an unknown name, a value out of range, a file or folder that cannot serve,
 * a model that does not fit the data. The message is one line naming the problem and the fix (the
 * command line prints the same line). Unchecked, like {@link IllegalArgumentException}: a program
 * that passes what it was told to pass never sees it.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the problem and how to fix it */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the problem and how to fix it
     * @param cause the underlying error
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
