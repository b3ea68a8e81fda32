package org.jconv.dialect;

import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * {@code theano.tensor.nnet.conv2d(input, filters, input_shape=None, filter_shape=None,
 * border_mode='valid', subsample=(1, 1), filter_flip=True, filter_dilation=(1, 1), num_groups=1)}
 * (SEMANTICS.md section 5). Input NCHW, filters OIHW {@code [O, C/num_groups, kH, kW]}, no bias,
 * zero border. With {@code filter_flip=True} (the default) it is a true convolution.
 *
 * <p>{@code border_mode}, per axis, on the dilated kernel {@code dk = d(k-1)+1}: 'valid' (0, 0);
 * 'full' (dk-1, dk-1); 'half' (dk/2, dk/2), symmetric, so an even kernel gives {@code n + 1}
 * outputs; an int p: (p, p) on both axes; {@code [a, b]}: a for rows, b for columns, each an int
 * or a {@code [before, after]} pair. {@code input_shape} and {@code filter_shape}, Theano's optional
 * shape hints (entries may be None), are checked against the arrays. The result has the input's
 * dtype; the filters are converted to it.
 *
 * <pre>{@code
 * // conv2d(x, w, border_mode=(1, (0, 2)), filter_flip=False)
 * Params p = Params.builder().put("border_mode", List.of(1, List.of(0, 2))).put("filter_flip", false).build();
 * Tensor y = TheanoDialect.conv2d().translate(p, x, w, null).run();
 * }</pre>
 */
public final class TheanoDialect implements Dialect {
    /** {@code "theano.tensor.nnet.conv2d"}. */
    public static final String CONV2D = "theano.tensor.nnet.conv2d";

    private static final List<String> KEYS = List.of("border_mode", "subsample", "filter_flip", "filter_dilation",
            "num_groups", "input_shape", "filter_shape");
    private static final TheanoDialect INSTANCE = new TheanoDialect();

    private TheanoDialect() {
    }

    /** {@code theano.tensor.nnet.conv2d}. */
    public static TheanoDialect conv2d() {
        return INSTANCE;
    }

    @Override
    public String system() {
        return CONV2D;
    }

    @Override
    public DialectCall translate(Params params, Tensor input, Tensor filters, Tensor bias) {
        Checks.operands(system(), params, input, filters);
        final int rank = 2;
        String sys = system();
        params.requireKnown(sys, KEYS);
        if (bias != null) {
            throw new IllegalArgumentException(sys + " takes no bias; add it to the result (y + b.dimshuffle('x', 0, 'x', 'x'))");
        }
        Checks.requireRank(sys, "input", input, rank + 2, "[batch, channels, rows, columns]");
        Checks.requireRank(sys, "filters", filters, rank + 2, "[filters, channels/num_groups, rows, columns]");
        checkHint(sys, params, "input_shape", input.shape());
        checkHint(sys, params, "filter_shape", filters.shape());

        int[] subsample = params.getIntList("subsample", rank, new int[] {1, 1});
        int[] dilation = params.getIntList("filter_dilation", rank, new int[] {1, 1});
        Checks.requireAtLeast(sys, "subsample", subsample, 1, "must be positive");
        Checks.requireAtLeast(sys, "filter_dilation", dilation, 1, "must be positive");
        boolean flip = params.getBoolean("filter_flip", true);
        int groups = params.getInt("num_groups", 1);
        if (groups < 1) {
            throw new DialectRefusal(sys + ": ValueError: num_groups must have value greater than zero, got " + groups);
        }

        int[] n = Checks.inputSpatial(input, Layout.NCHW, rank);
        int[] k = Checks.kernelSpatial(filters, KernelLayout.OIHW, rank);
        AxisPads[] pads = borderMode(sys, params, k, dilation);
        int bad = Checks.tooSmallAxis(n, pads, k, dilation);
        if (bad >= 0) {
            throw new DialectRefusal(sys + ": ValueError: the padded input (" + n[bad] + " + " + pads[bad].total()
                    + ") is smaller than the dilated filter (" + AxisPads.dilated(k[bad], dilation[bad])
                    + ") on spatial axis " + bad + ": the output size would be negative");
        }

        DType dtype = input.dtype();
        int[][] ba = AxisPads.split(pads);
        ConvSpec spec = ConvSpec.builder(rank)
                .flip(flip)
                .pads(ba[0], ba[1])
                .stride(subsample)
                .dilation(dilation)
                .groups(groups)
                .dtype(dtype)
                .build();
        Tensor w = filters.to(dtype);
        String note = filters.dtype() != dtype ? "the filters are cast to the input's dtype " + dtype.numpyName() : null;
        return new DialectCall(sys, spec, input, w, null, Checks.outputShape(spec, input, w), note);
    }

    /** Theano's border_mode, per axis. */
    static AxisPads[] borderMode(String sys, Params params, int[] k, int[] d) {
        int rank = k.length;
        AxisPads[] pads = new AxisPads[rank];
        Object v = params.has("border_mode") ? params.get("border_mode") : "valid";
        if (v instanceof String) {
            for (int a = 0; a < rank; a++) {
                switch ((String) v) {
                    case "valid":
                        pads[a] = AxisPads.NONE;
                        break;
                    case "full":
                        pads[a] = AxisPads.full(k[a], d[a]);
                        break;
                    case "half":
                        pads[a] = AxisPads.theanoHalf(k[a], d[a]);
                        break;
                    default:
                        throw invalidBorderMode(sys, v);
                }
            }
            return pads;
        }
        Integer p = Params.asInt(v);
        if (p != null) {
            if (p < 0) {
                throw invalidBorderMode(sys, v);
            }
            for (int a = 0; a < rank; a++) {
                pads[a] = AxisPads.symmetric(p);
            }
            return pads;
        }
        if (!(v instanceof List) || ((List<?>) v).size() != rank) {
            throw invalidBorderMode(sys, v);
        }
        List<?> l = (List<?>) v;
        for (int a = 0; a < rank; a++) {
            Object e = l.get(a);
            Integer single = Params.asInt(e);
            int[] pair = Params.intList(e);
            if (single != null && single >= 0) {
                pads[a] = AxisPads.symmetric(single);
            } else if (pair != null && pair.length == 2 && pair[0] >= 0 && pair[1] >= 0) {
                pads[a] = new AxisPads(pair[0], pair[1]);
            } else {
                throw invalidBorderMode(sys, v);
            }
        }
        return pads;
    }

    private static DialectRefusal invalidBorderMode(String sys, Object v) {
        return new DialectRefusal(sys + ": ValueError: invalid border_mode " + Params.repr(v) + ", which must be either"
                + " \"valid\", \"full\", \"half\", a non-negative integer or a pair of entries, each a non-negative"
                + " integer or a (before, after) pair of non-negative integers");
    }

    /** Theano's shape hints: 4 entries, each an int that must match or None. */
    private static void checkHint(String sys, Params params, String key, int[] actual) {
        if (params.isAbsentOrNone(key)) {
            return;
        }
        Object v = params.get(key);
        if (!(v instanceof List) || ((List<?>) v).size() != actual.length) {
            throw Params.expected(key, "a list of " + actual.length + " ints or None", v);
        }
        List<?> l = (List<?>) v;
        for (int i = 0; i < actual.length; i++) {
            if (l.get(i) == null) {
                continue;
            }
            Integer x = Params.asInt(l.get(i));
            if (x == null) {
                throw Params.expected(key, "a list of " + actual.length + " ints or None", v);
            }
            if (x != actual[i]) {
                throw new DialectRefusal(sys + ": AssertionError: " + key + " " + Params.repr(v)
                        + " does not match the array's shape " + Checks.shape(actual) + " at axis " + i);
            }
        }
    }

    @Override
    public String toString() {
        return "TheanoDialect[" + CONV2D + "]";
    }
}
