package org.jconv.dialect;

import org.jconv.Tensor;

/**
 * A system jconv knows by name but does not translate yet (1-D, 3-D and transposed convolution,
 * SEMANTICS.md section 3.1). {@link #translate} throws {@link UnsupportedOperationException}, a
 * type distinct from a refusal, so that callers can report "not supported yet" rather than "the
 * reference system refuses this call".
 */
final class NotYetSupported implements Dialect {
    private final String system;
    private final String what;

    NotYetSupported(String system, String what) {
        this.system = system;
        this.what = what;
    }

    @Override
    public String system() {
        return system;
    }

    /** @throws UnsupportedOperationException always: {@code "not supported yet: tf.nn.conv1d (1-D convolution)"} */
    @Override
    public DialectCall translate(Params params, Tensor input, Tensor kernel, Tensor bias) {
        throw new UnsupportedOperationException("not supported yet: " + system + " (" + what
                + "); jconv's dialects cover 2-D convolution for now");
    }

    @Override
    public String toString() {
        return "NotYetSupported[" + system + "]";
    }
}
