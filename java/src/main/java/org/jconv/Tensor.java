package org.jconv;

import java.util.Arrays;

/**
 * A dense, row-major (C order) array of float32 or float64 values with a shape: the in-memory
 * twin of a numpy {@code ndarray}. Tensors hold Java heap arrays; the data array is shared, not
 * copied, so {@link #floats()} / {@link #doubles()} give direct access.
 *
 * <pre>{@code
 * Tensor image = Tensor.of(new float[64], 8, 8);          // an 8x8 float32 image
 * Tensor x = Tensor.zeros(DType.FLOAT64, 1, 3, 32, 32);   // NCHW batch
 * }</pre>
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final float[] f32;
    private final double[] f64;

    private Tensor(DType dtype, int[] shape, float[] f32, double[] f64) {
        this.dtype = dtype;
        this.shape = shape;
        this.f32 = f32;
        this.f64 = f64;
    }

    /** Wraps {@code data} (not copied) as a float32 tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        int[] s = checkShape(shape);
        long n = elementCount(s);
        if (n != data.length) {
            throw new IllegalArgumentException("data has length " + data.length + " but shape "
                    + Arrays.toString(s) + " needs " + n + " elements");
        }
        return new Tensor(DType.FLOAT32, s, data, null);
    }

    /** Wraps {@code data} (not copied) as a float64 tensor of the given shape. */
    public static Tensor of(double[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        int[] s = checkShape(shape);
        long n = elementCount(s);
        if (n != data.length) {
            throw new IllegalArgumentException("data has length " + data.length + " but shape "
                    + Arrays.toString(s) + " needs " + n + " elements");
        }
        return new Tensor(DType.FLOAT64, s, null, data);
    }

    /** A new tensor of zeros. */
    public static Tensor zeros(DType dtype, int... shape) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null");
        }
        int[] s = checkShape(shape);
        long n = elementCount(s);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(s) + " has " + n
                    + " elements, more than a Java array can hold");
        }
        return dtype == DType.FLOAT32 ? new Tensor(dtype, s, new float[(int) n], null)
                : new Tensor(dtype, s, null, new double[(int) n]);
    }

    /** A 2-D float64 tensor copied from a rectangular {@code double[rows][cols]}. */
    public static Tensor of(double[][] rows) {
        int[] s = rectangularShape(rows);
        double[] d = new double[s[0] * s[1]];
        for (int i = 0; i < s[0]; i++) {
            System.arraycopy(rows[i], 0, d, i * s[1], s[1]);
        }
        return of(d, s);
    }

    /** A 2-D float32 tensor copied from a rectangular {@code float[rows][cols]}. */
    public static Tensor of(float[][] rows) {
        int[] s = rectangularShape(rows);
        float[] d = new float[s[0] * s[1]];
        for (int i = 0; i < s[0]; i++) {
            System.arraycopy(rows[i], 0, d, i * s[1], s[1]);
        }
        return of(d, s);
    }

    private static int[] rectangularShape(Object[] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("array must not be null");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("array must have at least one row");
        }
        int cols = -1;
        for (int i = 0; i < rows.length; i++) {
            Object r = rows[i];
            int len;
            if (r == null) {
                throw new IllegalArgumentException("row " + i + " is null");
            } else if (r instanceof float[]) {
                len = ((float[]) r).length;
            } else {
                len = ((double[]) r).length;
            }
            if (cols < 0) {
                cols = len;
            } else if (len != cols) {
                throw new IllegalArgumentException("array is ragged: row 0 has " + cols + " columns, row " + i
                        + " has " + len);
            }
        }
        if (cols == 0) {
            throw new IllegalArgumentException("array must have at least one column");
        }
        return new int[] {rows.length, cols};
    }

    static int[] checkShape(int[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative size "
                        + shape[i] + " at axis " + i);
            }
        }
        return shape.clone();
    }

    /** Product of the sizes, in 64 bits (never overflows for int sizes of rank at most 3; saturates otherwise). */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = multiplyCapped(n, d);
        }
        return n;
    }

    private static long multiplyCapped(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo;
        }
        return Long.MAX_VALUE;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size along {@code axis}. */
    public int shape(int axis) {
        return shape[axis];
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return dtype == DType.FLOAT32 ? f32.length : f64.length;
    }

    /** The backing float32 array (not a copy). @throws IllegalStateException if this is float64 */
    public float[] floats() {
        if (f32 == null) {
            throw new IllegalStateException("tensor is float64, not float32");
        }
        return f32;
    }

    /** The backing float64 array (not a copy). @throws IllegalStateException if this is float32 */
    public double[] doubles() {
        if (f64 == null) {
            throw new IllegalStateException("tensor is float32, not float64");
        }
        return f64;
    }

    /** Element {@code i} of the flat (row-major) data, widened to double. */
    public double get(int i) {
        return f32 != null ? f32[i] : f64[i];
    }

    /** Sets element {@code i} of the flat data (rounded to float32 for a float32 tensor). */
    public void set(int i, double v) {
        if (f32 != null) {
            f32[i] = (float) v;
        } else {
            f64[i] = v;
        }
    }

    /** This tensor in {@code target} dtype: {@code this} when it already is, else a converted copy. */
    public Tensor to(DType target) {
        if (target == dtype) {
            return this;
        }
        int n = size();
        if (target == DType.FLOAT64) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = f32[i];
            }
            return new Tensor(target, shape, null, d);
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) f64[i];
        }
        return new Tensor(target, shape, f, null);
    }

    /** The same data (shared) viewed with another shape of the same element count. */
    public Tensor reshape(int... newShape) {
        int[] s = checkShape(newShape);
        if (elementCount(s) != size()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(s));
        }
        return new Tensor(dtype, s, f32, f64);
    }

    /** A copy with axes permuted like numpy's {@code transpose(axes)}: result axis i is this axis {@code axes[i]}. */
    public Tensor transpose(int... axes) {
        int r = shape.length;
        if (axes == null || axes.length != r) {
            throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " must be a permutation of 0.." + (r - 1));
        }
        boolean[] seen = new boolean[r];
        for (int a : axes) {
            if (a < 0 || a >= r || seen[a]) {
                throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " must be a permutation of 0.." + (r - 1));
            }
            seen[a] = true;
        }
        int[] ns = new int[r];
        for (int i = 0; i < r; i++) {
            ns[i] = shape[axes[i]];
        }
        int[] srcStride = new int[r];
        int st = 1;
        for (int i = r - 1; i >= 0; i--) {
            srcStride[i] = st;
            st *= shape[i];
        }
        int[] stride = new int[r];
        for (int i = 0; i < r; i++) {
            stride[i] = srcStride[axes[i]];
        }
        Tensor out = zeros(dtype, ns);
        int n = size();
        int[] idx = new int[r];
        int src = 0;
        for (int dst = 0; dst < n; dst++) {
            if (f32 != null) {
                out.f32[dst] = f32[src];
            } else {
                out.f64[dst] = f64[src];
            }
            for (int ax = r - 1; ax >= 0; ax--) {
                idx[ax]++;
                src += stride[ax];
                if (idx[ax] < ns[ax]) {
                    break;
                }
                src -= stride[ax] * ns[ax];
                idx[ax] = 0;
            }
        }
        return out;
    }

    /** A deep copy. */
    public Tensor copy() {
        return f32 != null ? new Tensor(dtype, shape, f32.clone(), null) : new Tensor(dtype, shape, null, f64.clone());
    }

    /** Rows of a 2-D tensor as {@code double[rows][cols]}. */
    public double[][] toDoubleMatrix() {
        if (shape.length != 2) {
            throw new IllegalStateException("tensor has shape " + Arrays.toString(shape) + ", not 2-D");
        }
        double[][] m = new double[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
                m[i][j] = get(i * shape[1] + j);
            }
        }
        return m;
    }

    /** Rows of a 2-D tensor as {@code float[rows][cols]}. */
    public float[][] toFloatMatrix() {
        if (shape.length != 2) {
            throw new IllegalStateException("tensor has shape " + Arrays.toString(shape) + ", not 2-D");
        }
        float[][] m = new float[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
                m[i][j] = (float) get(i * shape[1] + j);
            }
        }
        return m;
    }

    /** Largest absolute value (NaN if any element is NaN; 0 for an empty tensor). */
    public double maxAbs() {
        double m = 0;
        for (int i = 0, n = size(); i < n; i++) {
            double v = Math.abs(get(i));
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype.numpyName() + ", shape=" + Arrays.toString(shape) + ")";
    }
}
