package org.jconv.spec;

/**
 * Axis order of the kernel (filter) array, for any spatial rank ({@code k...} = the kernel's
 * spatial sizes, {@code G} = groups):
 * <ul>
 * <li>{@link #OIHW}: {@code [O, C/G, k...]}: PyTorch, ONNX, Theano, and jconv's canonical form;</li>
 * <li>{@link #HWIO}: {@code [k..., C/G, O]}: TensorFlow and Keras (whatever the data format);</li>
 * <li>{@link #HWCM}: {@code [k..., C, M]}: TensorFlow/Keras depthwise, output channel {@code c*M + m};
 *     requires groups == C.</li>
 * </ul>
 */
public enum KernelLayout {
    /** {@code [O, C/G, k...]}. */
    OIHW,
    /** {@code [k..., C/G, O]}. */
    HWIO,
    /** {@code [k..., C, M]} (depthwise, groups == C, O = C*M). */
    HWCM;

    /** The layout's name for a spatial rank, e.g. OIW, OIHW, OIDHW. */
    public String name(int rank) {
        String sp = Layout.spatialLetters(rank);
        switch (this) {
            case OIHW: return "OI" + sp;
            case HWIO: return sp + "IO";
            default: return sp + "CM";
        }
    }
}
