package org.jconv.backend;

import static org.jconv.nativelib.global.jconv.*;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.plan.CanonicalKernel;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.Operands;
import org.jconv.plan.PlanOptions;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.Layout;
import org.jconv.nativelib.jconv_desc;
import org.jconv.nativelib.jconv_plan;

/**
 * The native backend: the C++ core (im2col + OpenBLAS GEMM and fast paths) through the
 * JavaCPP-generated bindings. Everything is validated in Java ({@link ConvGeometry},
 * {@link Operands}) before the first native call; the kernel is flipped and converted to the
 * canonical {@code [O, C/G, k...]} layout here, once per plan.
 */
final class NativeBackend implements Backend {
    static final NativeBackend INSTANCE = new NativeBackend();

    private NativeBackend() {
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public ConvPlan plan(ConvGeometry geometry, Tensor kernel, Tensor bias) {
        return plan(geometry, kernel, bias, PlanOptions.DEFAULT);
    }

    @Override
    public ConvPlan plan(ConvGeometry geometry, Tensor kernel, Tensor bias, PlanOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use PlanOptions.DEFAULT)");
        }
        Operands.check(geometry, kernel, bias);
        Throwable failure = NativeLoader.failure();
        if (failure != null) {
            throw new IllegalStateException("the jconv native library is not available: " + failure, failure);
        }
        return new NativeConvPlan(geometry, CanonicalKernel.of(geometry, kernel), bias, options.threads());
    }

    static void setThreads(int n) {
        jconv_blas_set_num_threads(n);
    }

    static int threads() {
        return jconv_blas_num_threads();
    }

    static String info() {
        return jconv_blas_config().getString() + "; core " + jconv_blas_corename().getString() + "; "
                + jconv_blas_num_threads() + " threads";
    }

    static jconv_desc describe(ConvGeometry g, boolean hasBias, int threads) {
        ConvSpec s = g.spec();
        jconv_desc d = new jconv_desc();
        jconv_desc_init(d);
        d.rank(s.rank())
         .dtype(s.dtype() == DType.FLOAT32 ? JCONV_F32 : JCONV_F64)
         .layout(s.layout() == Layout.NCHW ? JCONV_CHANNELS_FIRST : JCONV_CHANNELS_LAST)
         // a transposed convolution's pads and inserted zeros take part in no product (ConvSpec#transposed):
         // the core's EMPTY border, not CONSTANT 0, which would let a NaN or Inf weight poison them
         .border(s.transposed() ? JCONV_BORDER_EMPTY : borderCode(s.borderMode()))
         .border_value(s.borderValue())
         .batch(g.batch())
         .in_channels(g.inChannels())
         .out_channels(g.outChannels())
         .groups(s.groups())
         .has_bias(hasBias ? 1 : 0)
         .num_threads(threads);
        int[] in = g.inSize();
        int[] k = g.kernelSize();
        for (int a = 0; a < s.rank(); a++) {
            d.in_size(a, in[a]).kernel_size(a, k[a]).pad_before(a, s.padBefore(a)).pad_after(a, s.padAfter(a))
             .stride(a, s.stride(a)).dilation(a, s.dilation(a)).input_dilation(a, s.inputDilation(a));
        }
        return d;
    }

    static int borderCode(BorderMode m) {
        switch (m) {
            case CONSTANT: return JCONV_BORDER_CONSTANT;
            case REFLECT: return JCONV_BORDER_REFLECT;
            case SYMMETRIC: return JCONV_BORDER_SYMMETRIC;
            case EDGE: return JCONV_BORDER_EDGE;
            case CIRCULAR: return JCONV_BORDER_CIRCULAR;
            default: throw new AssertionError(m);
        }
    }

    /** Turns a native status into the exception a Java caller expects. */
    static void check(int status, String what) {
        if (status == JCONV_OK) {
            return;
        }
        String text = jconv_status_string(status).getString();
        switch (status) {
            case JCONV_ERR_NOMEM:
                throw new OutOfMemoryError(what + ": " + text);
            case JCONV_ERR_UNSUPPORTED:
                throw new UnsupportedOperationException(what + ": " + text);
            case JCONV_ERR_INVALID: case JCONV_ERR_OVERFLOW: case JCONV_ERR_NULL: case JCONV_ERR_DTYPE:
            case JCONV_ERR_WORKSPACE:
                throw new IllegalArgumentException(what + ": " + text + " (status " + status + ")");
            default:
                throw new IllegalStateException(what + ": native status " + status + " " + text);
        }
    }

    /** Creates the native plan; the canonical kernel and bias are copied by the core. */
    static jconv_plan create(ConvGeometry g, Tensor canonicalKernel, Tensor bias, int threads) {
        try (jconv_desc d = describe(g, bias != null, threads)) {
            jconv_plan handle = new jconv_plan(null);
            Pointer k;
            Pointer b = null;
            if (g.spec().dtype() == DType.FLOAT32) {
                k = new FloatPointer(canonicalKernel.floats());
                if (bias != null) {
                    b = new FloatPointer(bias.floats());
                }
            } else {
                k = new DoublePointer(canonicalKernel.doubles());
                if (bias != null) {
                    b = new DoublePointer(bias.doubles());
                }
            }
            try {
                check(jconv_plan_create(d, k, b, handle), "creating the native plan for " + g.describe());
            } finally {
                k.close();
                if (b != null) {
                    b.close();
                }
            }
            return handle;
        }
    }
}
