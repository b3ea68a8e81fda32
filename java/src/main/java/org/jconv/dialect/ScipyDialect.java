package org.jconv.dialect;

import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvSpec;

/**
 * {@code scipy.signal.convolve2d} and {@code scipy.signal.correlate2d} (SEMANTICS.md section 2).
 * Both take two 2-D arrays, {@code in1 [H, W]} (the input) and {@code in2 [R, S]} (the kernel), and
 * the options {@code mode} ('full', 'same', 'valid'; default 'full'), {@code boundary} ('fill' = 'pad',
 * 'wrap' = 'circular', 'symm' = 'symmetric'; default 'fill') and {@code fillvalue} (default 0).
 * The canonical operands are {@code [1, 1, H, W]} and {@code [1, 1, R, S]}; the result is
 * {@code [OH, OW]}, like scipy's.
 *
 * <ul>
 * <li>Flip: convolve2d yes, correlate2d no.</li>
 * <li>Pads: 'full' {@code (k-1, k-1)}; 'same' convolve2d {@code (k/2, (k-1)/2)}, correlate2d
 *     {@code ((k-1)/2, k/2)} (for even kernels the extra row/column is at the top/left for
 *     convolve2d, at the bottom/right for correlate2d); 'valid' 0.</li>
 * <li>'valid' with {@code in2} at least as large in every axis: scipy swaps the operands; the
 *     result is {@code full[H-1:R, W-1:S]}, i.e. zero pads {@code (R-H, R-H, S-W, S-W)}; the boundary
 *     is never read in 'valid'. Mixed sizes: refused like scipy's ValueError.</li>
 * <li>dtype: numpy's result type (float32 only when both are float32); {@code fillvalue} is rounded
 *     to it.</li>
 * </ul>
 *
 * <pre>{@code
 * Dialect d = Dialects.forSystem("scipy.signal.convolve2d");
 * DialectCall call = d.translate(Params.builder().put("mode", "same").build(), image, kernel, null);
 * System.out.println(call.explain());
 * // scipy.signal.convolve2d: true convolution (kernel rotated 180 degrees); pads top 1 bottom 1 left 1 right 1, zero; ...
 * Tensor y = call.run();   // [H, W]
 * }</pre>
 */
public final class ScipyDialect implements Dialect {
    /** {@code "scipy.signal.convolve2d"}. */
    public static final String CONVOLVE2D = "scipy.signal.convolve2d";
    /** {@code "scipy.signal.correlate2d"}. */
    public static final String CORRELATE2D = "scipy.signal.correlate2d";

    private static final List<String> KEYS = List.of("mode", "boundary", "fillvalue");
    private static final ScipyDialect CONVOLVE = new ScipyDialect(true);
    private static final ScipyDialect CORRELATE = new ScipyDialect(false);

    private final boolean convolve;

    private ScipyDialect(boolean convolve) {
        this.convolve = convolve;
    }

    /** {@code scipy.signal.convolve2d}. */
    public static ScipyDialect convolve2d() {
        return CONVOLVE;
    }

    /** {@code scipy.signal.correlate2d}. */
    public static ScipyDialect correlate2d() {
        return CORRELATE;
    }

    @Override
    public String system() {
        return convolve ? CONVOLVE2D : CORRELATE2D;
    }

    private String fn() {
        return convolve ? "convolve2d" : "correlate2d";
    }

    @Override
    public DialectCall translate(Params params, Tensor in1, Tensor in2, Tensor bias) {
        Checks.operands(system(), params, in1, in2);
        String sys = system();
        params.requireKnown(sys, KEYS);
        Checks.requireNonNull(sys, "in1", in1);
        Checks.requireNonNull(sys, "in2", in2);
        if (bias != null) {
            throw new IllegalArgumentException(sys + " takes no bias; add it to the result yourself");
        }
        if (in1.rank() != 2 || in2.rank() != 2) {
            throw new DialectRefusal(sys + ": ValueError: " + fn() + " inputs must both be 2-D arrays (got shapes "
                    + Checks.shape(in1.shape()) + " and " + Checks.shape(in2.shape()) + ")");
        }
        String mode = params.getString("mode", "full");
        BorderMode border = BorderMode.CONSTANT;
        String boundary = params.getString("boundary", "fill");
        switch (boundary) {
            case "fill": case "pad":
                break;
            case "wrap": case "circular":
                border = BorderMode.CIRCULAR;
                break;
            case "symm": case "symmetric":
                border = BorderMode.SYMMETRIC;
                break;
            case "reflect":
                // scipy's Python layer knows the name; its C core rejects it
                throw new DialectRefusal(sys + ": ValueError: Incorrect boundary value. (boundary='reflect' is not"
                        + " implemented by scipy; torch's padding_mode='reflect' has no scipy twin)");
            default:
                throw new DialectRefusal(sys + ": ValueError: Acceptable boundary flags are 'fill', 'circular' (or"
                        + " 'wrap'), and 'symmetric' (or 'symm'). Got boundary=" + Params.repr(boundary));
        }
        Object fv = params.get("fillvalue");
        if (fv instanceof List && ((List<?>) fv).size() != 1) {
            throw new DialectRefusal(sys + ": ValueError: `fillvalue` must be scalar or an array with one element,"
                    + " got " + Params.repr(fv));
        }
        double fillvalue = params.getDouble("fillvalue", 0);

        int h = in1.shape(0);
        int w = in1.shape(1);
        int r = in2.shape(0);
        int s = in2.shape(1);
        int[] n = {h, w};
        int[] k = {r, s};
        AxisPads[] pads = new AxisPads[2];
        String note = null;
        switch (mode) {
            case "full":
                for (int a = 0; a < 2; a++) {
                    pads[a] = AxisPads.full(k[a], 1);
                }
                break;
            case "same":
                for (int a = 0; a < 2; a++) {
                    pads[a] = AxisPads.scipySame(k[a], convolve);
                }
                break;
            case "valid": {
                boolean imageLarger = h >= r && w >= s;
                boolean kernelLarger = r >= h && s >= w;
                if (!imageLarger && !kernelLarger) {
                    throw new DialectRefusal(sys + ": ValueError: For 'valid' mode, one must be at least as large as"
                            + " the other in every dimension (in1 " + Checks.shape(in1.shape()) + ", in2 "
                            + Checks.shape(in2.shape()) + ")");
                }
                for (int a = 0; a < 2; a++) {
                    // swapped operands: the part of 'full' where in1 lies wholly inside in2
                    pads[a] = imageLarger ? AxisPads.NONE : AxisPads.symmetric(k[a] - n[a]);
                }
                if (!imageLarger) {
                    note = "'valid' with in2 larger: scipy swaps the operands (the result is full[H-1:R, W-1:S])";
                }
                // 'valid' never reads outside in1, so boundary and fillvalue play no part
                border = BorderMode.CONSTANT;
                fillvalue = 0;
                if (!"fill".equals(boundary) && !"pad".equals(boundary) || params.getDouble("fillvalue", 0) != 0) {
                    note = (note == null ? "" : note + "; ") + "boundary and fillvalue are ignored in 'valid' mode";
                }
                break;
            }
            default:
                throw new DialectRefusal(sys + ": ValueError: Acceptable mode flags are 'valid', 'same', or 'full'."
                        + " Got mode=" + Params.repr(mode) + (mode.equalsIgnoreCase("same") || mode.equalsIgnoreCase("full")
                        || mode.equalsIgnoreCase("valid") ? " (scipy's modes are lower-case)" : ""));
        }
        DType dtype = Checks.resultType(in1.dtype(), in2.dtype());
        if (dtype == DType.FLOAT32) {
            fillvalue = (float) fillvalue;
        }
        int[][] ba = AxisPads.split(pads);
        ConvSpec spec = ConvSpec.builder(2)
                .flip(convolve)
                .pads(ba[0], ba[1])
                .border(border, fillvalue)
                .dtype(dtype)
                .build();
        int oh = h + pads[0].total() - r + 1;
        int ow = w + pads[1].total() - s + 1;
        return new DialectCall(sys, spec, in1.to(dtype).reshape(1, 1, h, w), in2.to(dtype).reshape(1, 1, r, s), null,
                new int[] {oh, ow}, note);
    }

    @Override
    public String toString() {
        return "ScipyDialect[" + system() + "]";
    }
}
