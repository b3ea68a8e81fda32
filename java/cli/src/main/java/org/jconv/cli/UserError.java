package org.jconv.cli;

/**
 * A mistake of the person at the keyboard (a missing file, a bad option value, a call the
 * reference system refuses): reported in at most three lines, without a stack trace, with exit
 * status 2. Internal errors are any other exception and exit with 1.
 *
 * <pre>{@code
 * throw new UserError("output directory 'out' does not exist (jconv does not create it)");
 * }</pre>
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, one line (a second line may give a hint) */
    public UserError(String message) {
        super(message);
    }

    /** @param message what is wrong; {@code cause} is shown with {@code --verbose} */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
