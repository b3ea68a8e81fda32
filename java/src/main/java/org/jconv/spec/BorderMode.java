package org.jconv.spec;

/**
 * How the input is extended beyond its edges by the pads (numpy.pad's names).
 * {@code [1 2 3 4]} extended by 2 on each side:
 * <table>
 * <caption>border modes</caption>
 * <tr><th>mode</th><th>result</th><th>scipy {@code boundary}</th><th>torch {@code padding_mode}</th></tr>
 * <tr><td>CONSTANT(0)</td><td>{@code 0 0 1 2 3 4 0 0}</td><td>'fill'</td><td>'zeros'</td></tr>
 * <tr><td>REFLECT</td><td>{@code 3 2 1 2 3 4 3 2}</td><td>none</td><td>'reflect'</td></tr>
 * <tr><td>SYMMETRIC</td><td>{@code 2 1 1 2 3 4 4 3}</td><td>'symm'</td><td>none</td></tr>
 * <tr><td>EDGE</td><td>{@code 1 1 1 2 3 4 4 4}</td><td>none</td><td>'replicate'</td></tr>
 * <tr><td>CIRCULAR</td><td>{@code 3 4 1 2 3 4 1 2}</td><td>'wrap'</td><td>'circular'</td></tr>
 * </table>
 * Pads wider than the input follow numpy.pad exactly: the extension continues periodically.
 * scipy's 'symm' (which repeats the edge sample) is not PyTorch's 'reflect' (which does not).
 */
public enum BorderMode {
    /** A constant value (the spec's {@code borderValue}; 0 for every framework but scipy's fillvalue). */
    CONSTANT,
    /** Mirror without repeating the edge sample: numpy 'reflect', torch 'reflect'. */
    REFLECT,
    /** Mirror repeating the edge sample: numpy 'symmetric', scipy 'symm'. */
    SYMMETRIC,
    /** Repeat the edge sample: numpy 'edge', torch 'replicate'. */
    EDGE,
    /** Wrap around: numpy 'wrap', scipy 'wrap', torch 'circular'. */
    CIRCULAR;

    /**
     * Maps a position {@code i} of the extended axis (0 = first input sample, may be negative or
     * {@code >= n}) to the input sample it reads, exactly as numpy.pad builds the extension.
     * Returns -1 for {@link #CONSTANT} outside the input.
     */
    public int sourceIndex(long i, int n) {
        if (i >= 0 && i < n) {
            return (int) i;
        }
        switch (this) {
            case CONSTANT:
                return -1;
            case EDGE:
                return i < 0 ? 0 : n - 1;
            case CIRCULAR:
                return (int) Math.floorMod(i, (long) n);
            case SYMMETRIC: {
                long m = Math.floorMod(i, 2L * n);
                return (int) (m < n ? m : 2L * n - 1 - m);
            }
            case REFLECT: {
                if (n == 1) {
                    return 0;
                }
                long period = 2L * (n - 1);
                long m = Math.floorMod(i, period);
                return (int) (m < n ? m : period - m);
            }
            default:
                throw new AssertionError(this);
        }
    }

    /** The lower-case name used in explanations ({@code "zero"} is rendered by the spec for CONSTANT 0). */
    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
