package org.jconv.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;

/**
 * One case of suite.json, translated into the canonical form: a {@link ConvSpec}, the NCHW input
 * shape and the OIHW kernel shape, the equivalent GEMM ({@link GemmShape}), and deterministic data.
 *
 * <p>Two kinds:
 * <ul>
 * <li>{@code image}: {@code scipy.signal.convolve2d(x[H, W], k[R, S], mode, boundary)} as one
 *     channel (N = C = K = 1): true convolution (flip), pads 'full' = R-1 / S-1 on every side,
 *     'same' = top floor(R/2), bottom floor((R-1)/2), left floor(S/2), right floor((S-1)/2)
 *     (SEMANTICS.md section 2); boundary 'fill' = constant 0, 'symm' = symmetric.</li>
 * <li>{@code layer}: a CNN layer, NCHW input, OIHW kernel, cross-correlation, the same pad on every
 *     side, stride, dilation, groups.</li>
 * </ul>
 *
 * <pre>{@code
 * BenchCase c = Suite.bundled().byId("mbv2_dw_56");
 * GemmShape g = c.gemm();                  // M=1 N=3136 K=9, 144 GEMMs (1 image x 144 groups)
 * Tensor x = c.input(), w = c.kernel();    // the same values on every run and machine
 * }</pre>
 */
public final class BenchCase {
    /** The two kinds of case in suite.json. */
    public enum Kind { IMAGE, LAYER }

    private final String id;
    private final Kind kind;
    private final DType dtype;
    private final String note;
    private final ConvSpec spec;
    private final int[] inputShape;
    private final int[] kernelShape;
    private final ConvGeometry geometry;

    private BenchCase(String id, Kind kind, DType dtype, String note, ConvSpec spec, int[] inputShape,
            int[] kernelShape) {
        this.id = id;
        this.kind = kind;
        this.dtype = dtype;
        this.note = note;
        this.spec = spec;
        this.inputShape = inputShape;
        this.kernelShape = kernelShape;
        this.geometry = ConvGeometry.of(spec, inputShape, kernelShape);
    }

    /** A scipy.signal.convolve2d-style single-channel case; {@code mode} "full"/"same", {@code boundary} "fill"/"symm". */
    public static BenchCase image(String id, DType dtype, int h, int w, int r, int s, String mode, String boundary) {
        int top;
        int bottom;
        int left;
        int right;
        switch (mode) {
            case "full":
                top = bottom = r - 1;
                left = right = s - 1;
                break;
            case "same":
                // convolve2d centres 'same' in 'full' with the extra row/column at the top/left.
                top = r / 2;
                bottom = (r - 1) / 2;
                left = s / 2;
                right = (s - 1) / 2;
                break;
            default:
                throw new IllegalArgumentException("case " + id + ": mode '" + mode + "' is not supported: use full or same");
        }
        BorderMode border;
        switch (boundary) {
            case "fill":
                border = BorderMode.CONSTANT;
                break;
            case "symm":
                border = BorderMode.SYMMETRIC;
                break;
            default:
                throw new IllegalArgumentException("case " + id + ": boundary '" + boundary
                        + "' is not supported: use fill or symm");
        }
        ConvSpec spec = ConvSpec.builder(2).flip(true).pads(top, bottom, left, right).border(border).dtype(dtype).build();
        return new BenchCase(id, Kind.IMAGE, dtype, null, spec, new int[] {1, 1, h, w}, new int[] {1, 1, r, s});
    }

    /** A CNN layer: NCHW x OIHW cross-correlation with symmetric padding. */
    public static BenchCase layer(String id, DType dtype, int n, int c, int h, int w, int k, int r, int s, int stride,
            int pad, int dilation, int groups) {
        if (groups < 1 || c % groups != 0 || k % groups != 0) {
            throw new IllegalArgumentException("case " + id + ": groups " + groups + " must divide C " + c + " and K " + k);
        }
        ConvSpec spec = ConvSpec.builder(2).pad(pad).stride(stride).dilation(dilation).groups(groups).dtype(dtype).build();
        return new BenchCase(id, Kind.LAYER, dtype, null, spec, new int[] {n, c, h, w}, new int[] {k, c / groups, r, s});
    }

    private BenchCase withNote(String n) {
        return n == null ? this : new BenchCase(id, kind, dtype, n, spec, inputShape, kernelShape);
    }

    static BenchCase fromJson(JsonObject o, int index) {
        String id = string(o, "id", "cases[" + index + "]");
        String where = "case " + id;
        String kind = string(o, "kind", where);
        DType dtype;
        try {
            dtype = DType.parse(string(o, "dtype", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        String note = o.has("note") ? string(o, "note", where) : null;
        BenchCase c;
        switch (kind) {
            case "image":
                c = image(id, dtype, positive(o, "H", where), positive(o, "W", where), positive(o, "R", where),
                        positive(o, "S", where), string(o, "mode", where), string(o, "boundary", where));
                break;
            case "layer":
                c = layer(id, dtype, positive(o, "N", where), positive(o, "C", where), positive(o, "H", where),
                        positive(o, "W", where), positive(o, "K", where), positive(o, "R", where), positive(o, "S", where),
                        positive(o, "stride", where), integer(o, "pad", where, 0), positive(o, "dilation", where),
                        positive(o, "groups", where));
                break;
            default:
                throw new IllegalArgumentException(where + ": kind '" + kind + "' is unknown: use image or layer");
        }
        return c.withNote(note);
    }

    private static String string(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(where + ": field '" + key + "' must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static int positive(JsonObject o, String key, String where) {
        return integer(o, key, where, 1);
    }

    private static int integer(JsonObject o, String key, String where, int min) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(where + ": field '" + key + "' must be an integer, got " + e);
        }
        double v = e.getAsDouble();
        if (v != Math.rint(v) || v < min || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + ": field '" + key + "' must be an integer >= " + min + ", got " + e);
        }
        return (int) v;
    }

    /** The case id, e.g. {@code "r50_3x3_56"}. */
    public String id() { return id; }

    /** Image (scipy-style single channel) or layer (CNN). */
    public Kind kind() { return kind; }

    /** float32 or float64. */
    public DType dtype() { return dtype; }

    /** The suite's note, or null. */
    public String note() { return note; }

    /** The canonical spec (NCHW/OIHW). */
    public ConvSpec spec() { return spec; }

    /** NCHW input shape. */
    public int[] inputShape() { return inputShape.clone(); }

    /** OIHW kernel shape {@code [K, C/groups, R, S]}. */
    public int[] kernelShape() { return kernelShape.clone(); }

    /** The spec bound to the shapes (output size etc.). */
    public ConvGeometry geometry() { return geometry; }

    /**
     * The equivalent GEMM fixed by issue 5, whatever the implementation does: per image and per
     * group one GEMM with M = K/groups, N = OH*OW, K = C/groups*R*S.
     */
    public GemmShape gemm() {
        int groups = spec.groups();
        int[] out = geometry.outSize();
        long n = (long) out[0] * out[1];
        long k = (long) (inputShape[1] / groups) * kernelShape[2] * kernelShape[3];
        if (n > Integer.MAX_VALUE || k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("case " + id + ": GEMM dimensions N=" + n + " K=" + k + " exceed int");
        }
        return new GemmShape(kernelShape[0] / groups, (int) n, (int) k, inputShape[0], groups, dtype);
    }

    /** Floating-point operations of the convolution: 2 * N * K * (C/groups) * R * S * OH * OW. */
    public double flops() {
        return gemm().flops();
    }

    /** Deterministic input, uniform in [-1, 1), seeded by the case id. */
    public Tensor input() {
        return random(inputShape, 1.0, seed(1));
    }

    /** Deterministic kernel, uniform in [-1/sqrt(taps), 1/sqrt(taps)) so outputs stay of order 1. */
    public Tensor kernel() {
        long taps = (long) kernelShape[1] * kernelShape[2] * kernelShape[3];
        return random(kernelShape, 1.0 / Math.sqrt(taps), seed(2));
    }

    private long seed(int stream) {
        // String.hashCode is specified, so the data is the same on every JVM.
        return id.hashCode() * 1_000_003L + stream;
    }

    private Tensor random(int[] shape, double scale, long seed) {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        if (dtype == DType.FLOAT32) {
            float[] v = new float[Math.toIntExact(count)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (scale * (2 * rnd.nextDouble() - 1));
            }
            return Tensor.of(v, shape);
        }
        double[] v = new double[Math.toIntExact(count)];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * (2 * rnd.nextDouble() - 1);
        }
        return Tensor.of(v, shape);
    }

    /** One line: id, kind, dtype, shapes, spec, GEMM. */
    public String describe() {
        return id + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + dtype.numpyName() + " x"
                + Arrays.toString(inputShape).replace(" ", "") + " w" + Arrays.toString(kernelShape).replace(" ", "")
                + " -> " + Arrays.toString(geometry.outputShape()).replace(" ", "") + "; " + spec.describe() + "; GEMM "
                + gemm().describe();
    }

    @Override
    public String toString() {
        return "BenchCase[" + describe() + "]";
    }
}
