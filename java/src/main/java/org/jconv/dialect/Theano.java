package org.jconv.dialect;

import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;

/**
 * {@code theano.tensor.nnet.conv2d} for Java ({@link TheanoDialect} has the rules): input NCHW,
 * filters {@code [O, C/num_groups, kH, kW]}, a true convolution unless {@code filter_flip=False}.
 * Runs on {@link Backends#preferred()}.
 *
 * <table>
 * <caption>Python and Java side by side</caption>
 * <tr><th>Python</th><th>Java</th></tr>
 * <tr><td>{@code conv2d(x, w)}</td><td>{@code Theano.conv2d(x, w)}</td></tr>
 * <tr><td>{@code conv2d(x, w, border_mode='half')}</td><td>{@code Theano.conv2d(x, w, "half")}</td></tr>
 * <tr><td>{@code conv2d(x, w, border_mode=(1, (0, 2)), subsample=(2, 1), filter_flip=False)}</td>
 *     <td>{@code Theano.conv2d(x, w, Params.builder().put("border_mode", List.of(1, List.of(0, 2))).put("subsample", new int[] {2, 1}).put("filter_flip", false).build())}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Tensor y = Theano.conv2d(x, w, "full");   // equals scipy.signal.convolve2d(x[0, 0], w[0, 0]) for one channel
 * }</pre>
 */
public final class Theano {
    private Theano() {
    }

    /** {@code conv2d(input, filters)}: border_mode 'valid', flipped filters. */
    public static Tensor conv2d(Tensor input, Tensor filters) {
        return conv2d(input, filters, Params.empty());
    }

    /** {@code conv2d(input, filters, border_mode=borderMode)} with 'valid', 'full' or 'half'. */
    public static Tensor conv2d(Tensor input, Tensor filters, String borderMode) {
        return conv2d(input, filters, Params.builder().put("border_mode", borderMode).build());
    }

    /** {@code conv2d(input, filters, **params)}: keys border_mode, subsample, filter_flip, filter_dilation, num_groups. */
    public static Tensor conv2d(Tensor input, Tensor filters, Params params) {
        return conv2d(input, filters, params, Backends.preferred());
    }

    /** As {@link #conv2d(Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv2d(Tensor input, Tensor filters, Params params, Backend backend) {
        return TheanoDialect.conv2d().translate(params, input, filters, null).run(backend);
    }
}
