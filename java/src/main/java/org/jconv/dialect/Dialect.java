package org.jconv.dialect;

import org.jconv.Tensor;

/**
 * A translator from one Python system's convolution call into jconv's canonical form. A dialect
 * knows one system's vocabulary (parameter names, padding rules, layouts, refusals); backends know
 * none of it.
 *
 * <p>Each dialect is identified by the {@code system} name of the golden-data format, e.g.
 * {@code "scipy.signal.convolve2d"}, {@code "keras.layers.Conv2D"}, {@code "torch.nn.functional.conv2d"}.
 */
public interface Dialect {
    /** The system name, e.g. {@code "torch.nn.functional.conv2d"}. */
    String system();

    /**
     * Translates one call.
     *
     * @param params the call's options in the system's own vocabulary (absent key = the system's default)
     * @param input  the input array in the system's layout (any float dtype; the dialect applies the
     *               system's dtype rules)
     * @param kernel the kernel/filter array in the system's layout
     * @param bias   the bias, or {@code null}
     * @return the canonical call
     * @throws DialectRefusal when the reference system refuses the call (message says what it says and why)
     * @throws IllegalArgumentException for unknown parameters, bad values or shapes
     */
    DialectCall translate(Params params, Tensor input, Tensor kernel, Tensor bias);
}
