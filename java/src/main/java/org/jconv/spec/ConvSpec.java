package org.jconv.spec;

import java.util.Arrays;
import java.util.Objects;
import org.jconv.DType;

/**
 * The canonical description of one convolution: everything but the array sizes. Every dialect
 * (scipy, Keras/TensorFlow, Theano, PyTorch, ONNX) translates into this form, and every backend
 * executes only this form. Immutable and validated on {@link Builder#build()}.
 *
 * <p>With input {@code x[N, C, spatial...]}, kernel {@code w[O, C/G, k...]} (after layout conversion),
 * {@code x~} the input extended by the pads with the border rule, {@code w' = flip ? w rotated 180
 * degrees in every spatial axis : w} and {@code g = o / (O/G)}:
 * <pre>
 *   y[n, o, i...] = bias[o] + sum_c sum_r x~[n, g*C/G + c, i*stride + r*dilation ...] * w'[o, c, r...]
 *   out = floor((in + padBefore + padAfter - dilation*(k-1) - 1) / stride) + 1   (per axis)
 * </pre>
 * where {@code in} is the input size, or {@code (n-1)*inputDilation + 1} when the input is dilated
 * (the canonical form of a transposed convolution: zeros between samples, a negative pad crops).
 *
 * <pre>{@code
 * // Keras Conv2D(padding='same', strides=2) on an even 224x224 NHWC input with a 3x3 HWIO kernel:
 * ConvSpec spec = ConvSpec.builder(2)
 *         .pads(new int[] {0, 0}, new int[] {1, 1})   // TF puts the extra row/column at the end
 *         .stride(2, 2)
 *         .layout(Layout.NHWC).kernelLayout(KernelLayout.HWIO)
 *         .build();
 * System.out.println(spec.describe());
 * // cross-correlation; pads top 0 bottom 1 left 0 right 1, zero; stride 2x2; dilation 1x1; groups 1; NHWC/HWIO; float32
 * }</pre>
 */
public final class ConvSpec {
    private final int rank;
    private final boolean flip;
    private final int[] padBefore;
    private final int[] padAfter;
    private final BorderMode borderMode;
    private final double borderValue;
    private final int[] stride;
    private final int[] dilation;
    private final int[] inputDilation;
    private final boolean transposed;
    private final int groups;
    private final Layout layout;
    private final KernelLayout kernelLayout;
    private final DType dtype;

    private ConvSpec(Builder b) {
        this.rank = b.rank;
        this.flip = b.flip;
        this.padBefore = b.padBefore.clone();
        this.padAfter = b.padAfter.clone();
        this.borderMode = b.borderMode;
        // The value means something only for CONSTANT; dropping it elsewhere keeps equals() honest.
        this.borderValue = b.borderMode == BorderMode.CONSTANT ? b.borderValue : 0;
        this.stride = b.stride.clone();
        this.dilation = b.dilation.clone();
        this.inputDilation = b.inputDilation.clone();
        this.transposed = b.transposed;
        this.groups = b.groups;
        this.layout = b.layout;
        this.kernelLayout = b.kernelLayout;
        this.dtype = b.dtype;
    }

    /** A builder for a convolution with {@code rank} spatial axes (1, 2 or 3), with neutral defaults. */
    public static Builder builder(int rank) {
        return new Builder(rank);
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder(rank);
        b.flip = flip;
        b.padBefore = padBefore.clone();
        b.padAfter = padAfter.clone();
        b.borderMode = borderMode;
        b.borderValue = borderValue;
        b.stride = stride.clone();
        b.dilation = dilation.clone();
        b.inputDilation = inputDilation.clone();
        b.transposed = transposed;
        b.groups = groups;
        b.layout = layout;
        b.kernelLayout = kernelLayout;
        b.dtype = dtype;
        return b;
    }

    /** Number of spatial axes (1, 2 or 3). */
    public int rank() { return rank; }

    /** True: the kernel is rotated 180 degrees first (true convolution, scipy convolve2d, Theano); false: cross-correlation. */
    public boolean flip() { return flip; }

    /** Pads before each spatial axis (top, left for 2-D). A copy. */
    public int[] padBefore() { return padBefore.clone(); }

    /** Pads after each spatial axis (bottom, right for 2-D). A copy. */
    public int[] padAfter() { return padAfter.clone(); }

    /** Pad before spatial axis {@code axis}. */
    public int padBefore(int axis) { return padBefore[axis]; }

    /** Pad after spatial axis {@code axis}. */
    public int padAfter(int axis) { return padAfter[axis]; }

    /** How the pads are filled. */
    public BorderMode borderMode() { return borderMode; }

    /**
     * The value of {@link BorderMode#CONSTANT} padding (0 unless scipy's fillvalue says otherwise; 0 for
     * every other mode). A float32 computation pads with {@code (float) borderValue()}, as numpy casts
     * scipy's fillvalue to the output dtype.
     */
    public double borderValue() { return borderValue; }

    /** Strides per spatial axis. A copy. */
    public int[] stride() { return stride.clone(); }

    /** Stride of spatial axis {@code axis}. */
    public int stride(int axis) { return stride[axis]; }

    /** Dilations per spatial axis. A copy. */
    public int[] dilation() { return dilation.clone(); }

    /** Dilation of spatial axis {@code axis}. */
    public int dilation(int axis) { return dilation[axis]; }

    /**
     * Input dilation per spatial axis: {@code d > 1} inserts {@code d - 1} zeros between input samples
     * (never materialised). This is how a transposed convolution is expressed canonically (SEMANTICS.md
     * 3.1): input dilation = the transposed convolution's stride. A copy; all ones otherwise.
     */
    public int[] inputDilation() { return inputDilation.clone(); }

    /** Input dilation of spatial axis {@code axis}. */
    public int inputDilation(int axis) { return inputDilation[axis]; }

    /**
     * True when this spec is the canonical (gather) form of a transposed convolution. The numbers are
     * those of the ordinary form; the flag changes only which products exist: like the scatter that
     * PyTorch, TensorFlow and ONNX Runtime compute, padding and inserted zeros take part in no
     * product, so a NaN or Inf weight reaches exactly the outputs its scatter reaches.
     */
    public boolean transposed() { return transposed; }

    /** True when some axis has an input dilation above 1 or a negative pad (a crop). */
    public boolean isTransposedForm() {
        for (int a = 0; a < rank; a++) {
            if (inputDilation[a] != 1 || padBefore[a] < 0 || padAfter[a] < 0) {
                return true;
            }
        }
        return false;
    }

    /** Number of groups (input and output channels split into this many contiguous blocks). */
    public int groups() { return groups; }

    /** Input (and output) layout. */
    public Layout layout() { return layout; }

    /** Kernel layout. */
    public KernelLayout kernelLayout() { return kernelLayout; }

    /** Computation dtype: input, kernel, bias and output all have it. */
    public DType dtype() { return dtype; }

    /**
     * The spec in one readable line, e.g. {@code "cross-correlation; pads top 0 bottom 1 left 0 right 1,
     * zero; stride 2x2; dilation 1x1; groups 1; NHWC/HWIO; float32"}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (transposed) {
            sb.append("transposed convolution as ");
        }
        sb.append(flip ? "true convolution (kernel rotated 180 degrees)" : "cross-correlation");
        sb.append("; pads");
        String[][] names = axisPadNames(rank);
        for (int a = 0; a < rank; a++) {
            sb.append(' ').append(names[a][0]).append(' ').append(padBefore[a])
              .append(' ').append(names[a][1]).append(' ').append(padAfter[a]);
        }
        sb.append(", ").append(borderDescription());
        sb.append("; stride ").append(join(stride)).append("; dilation ").append(join(dilation));
        for (int d : inputDilation) {
            if (d != 1) {
                sb.append("; input dilation ").append(join(inputDilation));
                break;
            }
        }
        sb.append("; groups ").append(groups);
        sb.append("; ").append(layout.name(rank)).append('/').append(kernelLayout.name(rank));
        sb.append("; ").append(dtype.numpyName());
        return sb.toString();
    }

    /** "zero", "constant 2.5", "reflect", "symmetric", "edge" or "circular". */
    public String borderDescription() {
        if (borderMode == BorderMode.CONSTANT) {
            return borderValue == 0 ? "zero" : "constant " + formatNumber(borderValue);
        }
        return borderMode.displayName();
    }

    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static String[][] axisPadNames(int rank) {
        switch (rank) {
            case 1: return new String[][] {{"left", "right"}};
            case 2: return new String[][] {{"top", "bottom"}, {"left", "right"}};
            default: return new String[][] {{"front", "back"}, {"top", "bottom"}, {"left", "right"}};
        }
    }

    static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "ConvSpec[" + describe() + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConvSpec)) {
            return false;
        }
        ConvSpec s = (ConvSpec) o;
        return rank == s.rank && flip == s.flip && Arrays.equals(padBefore, s.padBefore)
                && Arrays.equals(padAfter, s.padAfter) && borderMode == s.borderMode
                && Double.compare(borderValue, s.borderValue) == 0 && Arrays.equals(stride, s.stride)
                && Arrays.equals(dilation, s.dilation) && Arrays.equals(inputDilation, s.inputDilation)
                && transposed == s.transposed
                && groups == s.groups && layout == s.layout
                && kernelLayout == s.kernelLayout && dtype == s.dtype;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rank, flip, Arrays.hashCode(padBefore), Arrays.hashCode(padAfter), borderMode,
                borderValue, Arrays.hashCode(stride), Arrays.hashCode(dilation), Arrays.hashCode(inputDilation), transposed, groups, layout, kernelLayout, dtype);
    }

    /**
     * Builds a {@link ConvSpec}. Defaults: cross-correlation, no pads, constant-zero border, stride 1,
     * dilation 1, groups 1, NCHW input, OIHW kernel, float32. Array arguments are per spatial axis,
     * outermost first; a single value means "the same on every axis".
     */
    public static final class Builder {
        private final int rank;
        private boolean flip;
        private int[] padBefore;
        private int[] padAfter;
        private BorderMode borderMode = BorderMode.CONSTANT;
        private double borderValue;
        private int[] stride;
        private int[] dilation;
        private int[] inputDilation;
        private boolean transposed;
        private int groups = 1;
        private Layout layout = Layout.NCHW;
        private KernelLayout kernelLayout = KernelLayout.OIHW;
        private DType dtype = DType.FLOAT32;

        private Builder(int rank) {
            if (rank < 1 || rank > 3) {
                throw new IllegalArgumentException("rank must be 1, 2 or 3 (spatial axes), got " + rank);
            }
            this.rank = rank;
            this.padBefore = new int[rank];
            this.padAfter = new int[rank];
            this.stride = filled(rank, 1);
            this.dilation = filled(rank, 1);
            this.inputDilation = filled(rank, 1);
        }

        private static int[] filled(int n, int v) {
            int[] a = new int[n];
            Arrays.fill(a, v);
            return a;
        }

        private int[] perAxis(String name, int[] v) {
            if (v == null) {
                throw new IllegalArgumentException(name + " must not be null");
            }
            if (v.length == 1) {
                return filled(rank, v[0]);
            }
            if (v.length != rank) {
                throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " must have 1 or " + rank
                        + " entries (one per spatial axis)");
            }
            return v.clone();
        }

        /** True convolution (rotate the kernel 180 degrees) when true; cross-correlation when false. */
        public Builder flip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /**
         * Pads before and after each spatial axis: {@code pads({top, left}, {bottom, right})} in 2-D.
         * A negative pad crops that many samples of the (input-dilated) input; it is allowed only with
         * a constant border, where it arises from transposed convolutions (SEMANTICS.md 3.1).
         */
        public Builder pads(int[] before, int[] after) {
            this.padBefore = perAxis("padBefore", before);
            this.padAfter = perAxis("padAfter", after);
            return this;
        }

        /** 2-D convenience: the four pads in the order top, bottom, left, right. */
        public Builder pads(int top, int bottom, int left, int right) {
            if (rank != 2) {
                throw new IllegalArgumentException("pads(top, bottom, left, right) is for rank 2, this spec has rank " + rank);
            }
            return pads(new int[] {top, left}, new int[] {bottom, right});
        }

        /** The same pad on both sides of every axis. */
        public Builder pad(int p) {
            return pads(new int[] {p}, new int[] {p});
        }

        /** The border mode, with value 0 for {@link BorderMode#CONSTANT}. */
        public Builder border(BorderMode mode) {
            return border(mode, 0);
        }

        /** The border mode and the constant value (used only by {@link BorderMode#CONSTANT}). */
        public Builder border(BorderMode mode, double value) {
            if (mode == null) {
                throw new IllegalArgumentException("border mode must not be null");
            }
            this.borderMode = mode;
            this.borderValue = value;
            return this;
        }

        /** Strides per spatial axis (one value: all axes). */
        public Builder stride(int... s) {
            this.stride = perAxis("stride", s);
            return this;
        }

        /** Dilations per spatial axis (one value: all axes). */
        public Builder dilation(int... d) {
            this.dilation = perAxis("dilation", d);
            return this;
        }

        /**
         * Input dilation per spatial axis (one value: all axes): the stride of a transposed
         * convolution in canonical form. Requires a constant border.
         */
        public Builder inputDilation(int... d) {
            this.inputDilation = perAxis("inputDilation", d);
            return this;
        }

        /**
         * Marks the spec as the gather form of a transposed convolution (see {@link ConvSpec#transposed()});
         * requires a constant-zero border.
         */
        public Builder transposed(boolean t) {
            this.transposed = t;
            return this;
        }

        /** Number of groups. */
        public Builder groups(int g) {
            this.groups = g;
            return this;
        }

        /** Input/output layout. */
        public Builder layout(Layout l) {
            if (l == null) {
                throw new IllegalArgumentException("layout must not be null");
            }
            this.layout = l;
            return this;
        }

        /** Kernel layout. */
        public Builder kernelLayout(KernelLayout k) {
            if (k == null) {
                throw new IllegalArgumentException("kernelLayout must not be null");
            }
            this.kernelLayout = k;
            return this;
        }

        /** Computation dtype. */
        public Builder dtype(DType t) {
            if (t == null) {
                throw new IllegalArgumentException("dtype must not be null");
            }
            this.dtype = t;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the parameter and value that is out of range
         */
        public ConvSpec build() {
            for (int a = 0; a < rank; a++) {
                if ((padBefore[a] < 0 || padAfter[a] < 0) && borderMode != BorderMode.CONSTANT) {
                    throw new IllegalArgumentException("pads on spatial axis " + a + " are (" + padBefore[a] + ", " + padAfter[a]
                            + "): a negative pad (a crop) needs a constant border, not " + borderMode.displayName());
                }
                if (inputDilation[a] < 1) {
                    throw new IllegalArgumentException("inputDilation[" + a + "] must be >= 1, got " + inputDilation[a]);
                }
                if (inputDilation[a] > 1 && borderMode != BorderMode.CONSTANT) {
                    throw new IllegalArgumentException("inputDilation[" + a + "] = " + inputDilation[a]
                            + " needs a constant border, not " + borderMode.displayName());
                }
                if (stride[a] < 1) {
                    throw new IllegalArgumentException("stride[" + a + "] must be >= 1, got " + stride[a]);
                }
                if (dilation[a] < 1) {
                    throw new IllegalArgumentException("dilation[" + a + "] must be >= 1, got " + dilation[a]);
                }
            }
            if (groups < 1) {
                throw new IllegalArgumentException("groups must be >= 1, got " + groups);
            }
            if (transposed && (borderMode != BorderMode.CONSTANT || borderValue != 0)) {
                throw new IllegalArgumentException("a transposed convolution pads with zeros, not " + borderMode.displayName()
                        + (borderMode == BorderMode.CONSTANT ? " " + borderValue : ""));
            }
            return new ConvSpec(this);
        }
    }
}
