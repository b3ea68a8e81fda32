package org.jconv.backend.pure;

import java.util.List;

/**
 * The algorithm choice: the first algorithm of {@link #ORDER} that applies, specialised direct
 * loops before the GEMM paths and the general im2col+gemm last; the reference loop only for a
 * transposed convolution with holes and a non-finite weight ({@link Reference}).
 *
 * <table>
 * <caption>the rules</caption>
 * <tr><th>algorithm</th><th>when</th></tr>
 * <tr><td>direct-small</td><td>at most 32768 multiply-adds, rank 1 or 2</td></tr>
 * <tr><td>direct-image</td><td>C == O == 1, rank 1 or 2, stride 1 down the rows</td></tr>
 * <tr><td>depthwise-direct</td><td>C/G == 1, G &gt; 1, O/G &lt;= 4, stride 1 on every axis; or channels last, O/G == 1, C &gt;= 8, any stride</td></tr>
 * <tr><td>gemm-1x1</td><td>1x1 kernel, stride 1, no pads, no input dilation</td></tr>
 * <tr><td>im2col+gemm</td><td>everything else</td></tr>
 * <tr><td>direct (the reference)</td><td>transposed with holes and a NaN/Inf weight</td></tr>
 * </table>
 *
 * <pre>{@code
 * Algorithm a = Algorithms.choose(Problem.of(geometry), Weights.of(geometry, kernel, bias));
 * }</pre>
 */
final class Algorithms {
    /** First match wins. */
    static final List<Algorithm> ORDER = List.of(
            SmallDirect.INSTANCE,
            DirectImage.INSTANCE,
            DepthwiseDirect.INSTANCE,
            Gemm1x1.INSTANCE,
            Im2colGemm.INSTANCE);

    private Algorithms() {
    }

    static Algorithm choose(Problem p, Weights w) {
        if (w.nonFinite && p.hasHoles()) {
            return Reference.INSTANCE;
        }
        for (Algorithm a : ORDER) {
            if (a.applies(p)) {
                return a;
            }
        }
        throw new AssertionError("im2col+gemm applies to every problem");
    }
}
