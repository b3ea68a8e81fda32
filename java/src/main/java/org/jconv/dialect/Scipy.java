package org.jconv.dialect;

import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;

/**
 * {@code scipy.signal.convolve2d} and {@code correlate2d} for Java, with scipy's argument names,
 * defaults ({@code mode='full', boundary='fill', fillvalue=0}) and results, bit-for-bit in shape
 * and within rounding in value ({@link ScipyDialect} has the rules). Runs on
 * {@link Backends#preferred()}; every form has an overload taking a {@link Backend}.
 *
 * <table>
 * <caption>Python and Java side by side</caption>
 * <tr><th>Python</th><th>Java</th></tr>
 * <tr><td>{@code convolve2d(image, kernel)}</td><td>{@code Scipy.convolve2d(image, kernel)}</td></tr>
 * <tr><td>{@code convolve2d(image, kernel, 'same')}</td><td>{@code Scipy.convolve2d(image, kernel, "same")}</td></tr>
 * <tr><td>{@code convolve2d(image, kernel, mode='same', boundary='symm')}</td>
 *     <td>{@code Scipy.convolve2d(image, kernel, "same", "symm", 0)}</td></tr>
 * <tr><td>{@code correlate2d(image, kernel, 'valid', 'fill', 1.5)}</td>
 *     <td>{@code Scipy.correlate2d(image, kernel, "valid", "fill", 1.5)}</td></tr>
 * </table>
 *
 * <p>Arrays: {@code double[][]} in, {@code double[][]} out (float64); {@code float[][]} in,
 * {@code float[][]} out (float32, computed in float32 like numpy); or {@link Tensor}s of shape
 * {@code [H, W]}, which also wrap flat row-major arrays without copying
 * ({@code Tensor.of(flat, h, w)}) and may mix float32 and float64 (the result then is float64,
 * numpy's result type).
 *
 * <pre>{@code
 * double[][] image = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
 * double[][] kernel = {{0, 1}, {1, 0}};
 * double[][] y = Scipy.convolve2d(image, kernel, "same");        // 3x3, extra pad at the top/left
 * Tensor t = Scipy.correlate2d(Tensor.of(flatImage, 480, 640), Tensor.of(flatKernel, 5, 5), "same", "symm", 0);
 * }</pre>
 */
public final class Scipy {
    private Scipy() {
    }

    /** {@code scipy.signal.convolve2d(in1, in2)}: mode 'full'. */
    public static double[][] convolve2d(double[][] in1, double[][] in2) {
        return convolve2d(in1, in2, "full", "fill", 0);
    }

    /** {@code scipy.signal.convolve2d(in1, in2, mode)}. */
    public static double[][] convolve2d(double[][] in1, double[][] in2, String mode) {
        return convolve2d(in1, in2, mode, "fill", 0);
    }

    /** {@code scipy.signal.convolve2d(in1, in2, mode, boundary, fillvalue)}. */
    public static double[][] convolve2d(double[][] in1, double[][] in2, String mode, String boundary, double fillvalue) {
        return convolve2d(Tensor.of(in1), Tensor.of(in2), mode, boundary, fillvalue).toDoubleMatrix();
    }

    /** {@code scipy.signal.convolve2d(in1, in2)} in float32. */
    public static float[][] convolve2d(float[][] in1, float[][] in2) {
        return convolve2d(in1, in2, "full", "fill", 0);
    }

    /** {@code scipy.signal.convolve2d(in1, in2, mode)} in float32. */
    public static float[][] convolve2d(float[][] in1, float[][] in2, String mode) {
        return convolve2d(in1, in2, mode, "fill", 0);
    }

    /** {@code scipy.signal.convolve2d(in1, in2, mode, boundary, fillvalue)} in float32. */
    public static float[][] convolve2d(float[][] in1, float[][] in2, String mode, String boundary, double fillvalue) {
        return convolve2d(Tensor.of(in1), Tensor.of(in2), mode, boundary, fillvalue).toFloatMatrix();
    }

    /** {@code scipy.signal.convolve2d(in1, in2, mode, boundary, fillvalue)} on [H, W] tensors. */
    public static Tensor convolve2d(Tensor in1, Tensor in2, String mode, String boundary, double fillvalue) {
        return convolve2d(in1, in2, mode, boundary, fillvalue, Backends.preferred());
    }

    /** As {@link #convolve2d(Tensor, Tensor, String, String, double)}, on {@code backend}. */
    public static Tensor convolve2d(Tensor in1, Tensor in2, String mode, String boundary, double fillvalue,
            Backend backend) {
        return ScipyDialect.convolve2d().translate(params(mode, boundary, fillvalue), in1, in2, null).run(backend);
    }

    /** {@code scipy.signal.correlate2d(in1, in2)}: mode 'full'. */
    public static double[][] correlate2d(double[][] in1, double[][] in2) {
        return correlate2d(in1, in2, "full", "fill", 0);
    }

    /** {@code scipy.signal.correlate2d(in1, in2, mode)}. */
    public static double[][] correlate2d(double[][] in1, double[][] in2, String mode) {
        return correlate2d(in1, in2, mode, "fill", 0);
    }

    /** {@code scipy.signal.correlate2d(in1, in2, mode, boundary, fillvalue)}. */
    public static double[][] correlate2d(double[][] in1, double[][] in2, String mode, String boundary, double fillvalue) {
        return correlate2d(Tensor.of(in1), Tensor.of(in2), mode, boundary, fillvalue).toDoubleMatrix();
    }

    /** {@code scipy.signal.correlate2d(in1, in2)} in float32. */
    public static float[][] correlate2d(float[][] in1, float[][] in2) {
        return correlate2d(in1, in2, "full", "fill", 0);
    }

    /** {@code scipy.signal.correlate2d(in1, in2, mode)} in float32. */
    public static float[][] correlate2d(float[][] in1, float[][] in2, String mode) {
        return correlate2d(in1, in2, mode, "fill", 0);
    }

    /** {@code scipy.signal.correlate2d(in1, in2, mode, boundary, fillvalue)} in float32. */
    public static float[][] correlate2d(float[][] in1, float[][] in2, String mode, String boundary, double fillvalue) {
        return correlate2d(Tensor.of(in1), Tensor.of(in2), mode, boundary, fillvalue).toFloatMatrix();
    }

    /** {@code scipy.signal.correlate2d(in1, in2, mode, boundary, fillvalue)} on [H, W] tensors. */
    public static Tensor correlate2d(Tensor in1, Tensor in2, String mode, String boundary, double fillvalue) {
        return correlate2d(in1, in2, mode, boundary, fillvalue, Backends.preferred());
    }

    /** As {@link #correlate2d(Tensor, Tensor, String, String, double)}, on {@code backend}. */
    public static Tensor correlate2d(Tensor in1, Tensor in2, String mode, String boundary, double fillvalue,
            Backend backend) {
        return ScipyDialect.correlate2d().translate(params(mode, boundary, fillvalue), in1, in2, null).run(backend);
    }

    private static Params params(String mode, String boundary, double fillvalue) {
        return Params.builder().put("mode", mode).put("boundary", boundary).put("fillvalue", fillvalue).build();
    }
}
