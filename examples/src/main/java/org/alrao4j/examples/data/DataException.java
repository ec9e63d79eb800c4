package org.alrao4j.examples.data;

/**
 * A dataset the user pointed to is missing or malformed; the message names the path and the remedy and is
 * printed as the program's one error line.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause   the underlying error
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
