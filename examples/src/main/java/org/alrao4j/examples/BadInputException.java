package org.alrao4j.examples;

/**
 * An option value the programs cannot use; {@link Main} prints the message as one line and exits with
 * status {@value Main#EXIT_BAD_INPUT}.
 */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the option, its value, the rule and the remedy */
    public BadInputException(String message) {
        super(message);
    }
}
