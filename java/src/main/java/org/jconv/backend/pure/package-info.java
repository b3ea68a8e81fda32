/**
 * The pure-Java convolution engine: the {@code java} backend users get where the native library
 * cannot load ({@link org.jconv.backend.pure.PureJavaBackend}). It is checked against the reference
 * backend ({@link org.jconv.backend.JavaBackend}, a term-by-term evaluation of the definition) and
 * computes the same numbers within the golden tolerance rule, with NaN and infinities exactly where
 * the reference has them.
 *
 * <p>How it is fast on HotSpot: a plan picks an algorithm per geometry (im2col + blocked GEMM, a
 * straight GEMM for 1x1, direct loops for depthwise and single-channel images), packs the kernel
 * once, and keeps all scratch memory in pooled workspaces. Every hot loop has the one form C2
 * (JDK 17) vectorises, {@code c[j] += w * b[j]} over arrays indexed alike from 0: operands are
 * gathered into row arrays first (im2col rows, shifted input rows), because a loop reading
 * {@code x[j + offset]} stays scalar.
 *
 * <p>Each float32 method ({@code ...F}) is followed by its float64 twin ({@code ...D}), the same
 * code with {@code double} for {@code float}: generics do not reach primitive arrays, and boxing
 * or a common interface would cost the vectorisation. Change both together.
 *
 * <pre>{@code
 * Backend java = PureJavaBackend.INSTANCE;
 * try (ConvPlan plan = java.plan(geometry, kernel, bias)) {
 *     plan.run(x, y);
 * }
 * }</pre>
 */
package org.jconv.backend.pure;
