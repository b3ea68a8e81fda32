package org.jconv.dialect;

/**
 * The reference system refuses this call (for example scipy's 'valid' mode with operands of mixed
 * sizes, or PyTorch's {@code padding='same'} with a stride). The message gives the reference
 * system's own error and the reason.
 */
public class DialectRefusal extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what the reference system says, and why */
    public DialectRefusal(String message) {
        super(message);
    }
}
