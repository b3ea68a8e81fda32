package org.jconv.reliability;

import static org.jconv.reliability.FuzzLedger.Expect.CLOSED;
import static org.jconv.reliability.FuzzLedger.Expect.EITHER;
import static org.jconv.reliability.FuzzLedger.Expect.INVALID;
import static org.jconv.reliability.FuzzLedger.Expect.VALID;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.jconv.Conv;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.backend.ZeroCopy;
import org.jconv.backend.pure.PureJavaBackend;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.PlanOptions;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.jconv.testing.RandomProblem;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;

/**
 * The fuzz of the execution entry points: {@link Conv#run}, {@link Conv#plan}, {@link ConvPlan#run}
 * with arrays, heap and direct buffers (native and big-endian byte order, read-only, sliced, wrong
 * {@code remaining()}), tensors, closed plans, operands that do not fit the spec, and sizes whose
 * products overflow {@code int}. Starts from a valid {@link RandomSpecs} problem and either keeps it
 * valid (the result must match the oracle) or breaks exactly one thing (the call must be refused).
 */
final class ConvFuzz {
    /** Results are compared with the oracle only below this many multiply-adds (keeps the fuzz fast). */
    static final long RUN_BUDGET_MACS = 3_000_000;

    private final FuzzLedger ledger;
    private final Backend nat = Backends.nativeBackend();
    private final Backend oracle = Backends.java();

    ConvFuzz(FuzzLedger ledger) {
        this.ledger = ledger;
    }

    void run(SplittableRandom r, long seed) {
        RandomProblem p = RandomSpecs.problem(seed, r.nextInt(1 << 20));
        int pick = r.nextInt(100);
        if (pick < 30) {
            valid(r, p);
        } else if (pick < 36) {
            inPlace(r);
        } else if (pick < 44) {
            closed(r, p);
        } else if (pick < 52) {
            huge(r);
        } else {
            invalid(r, p);
        }
    }

    /** Mostly native; the oracle and the fast pure-Java backend get the same calls and must validate alike. */
    private Backend backend(SplittableRandom r) {
        int b = r.nextInt(8);
        return b == 0 ? oracle : b == 1 ? PureJavaBackend.INSTANCE : nat;
    }

    static Tensor expected(ConvGeometry g, Tensor input, Tensor kernel, Tensor bias) {
        try (ConvPlan plan = Backends.java().plan(g, kernel, bias)) {
            return plan.run(input);
        }
    }

    // ------------------------------------------------------------------------------ valid calls

    private void valid(SplittableRandom r, RandomProblem p) {
        ConvGeometry g = p.geometry();
        Tensor want = expected(g, p.input(), p.kernel(), p.bias());
        double atol = p.atol();
        int form = r.nextInt(10);
        switch (form) {
            case 0: {
                Tensor y = ledger.attempt("valid: Conv.run", VALID,
                        () -> Conv.run(p.spec(), p.input(), p.kernel(), p.bias(), nat));
                check("valid: Conv.run", want, y, atol);
                return;
            }
            case 1: {
                Tensor y = ledger.attempt("valid: Conv.run on Backends.preferred()", VALID,
                        () -> Conv.run(p.spec(), p.input(), p.kernel(), p.bias()));
                check("valid: Conv.run on Backends.preferred()", want, y, atol);
                return;
            }
            default:
                break;
        }
        PlanOptions options = r.nextInt(3) == 0 ? PlanOptions.threads(1 + r.nextInt(3)) : PlanOptions.DEFAULT;
        Backend b = r.nextInt(4) == 0 ? PureJavaBackend.INSTANCE : nat;
        ConvPlan plan = ledger.attempt("valid: Conv.plan (" + planName(b) + ")", VALID,
                () -> Conv.plan(p.spec(), g.inputShape(), p.kernel(), p.bias(), b, options));
        if (plan == null) {
            return;
        }
        try (plan) {
            String kind;
            Tensor y;
            switch (form) {
                case 2:
                    kind = "valid: plan.run(Tensor)";
                    y = ledger.attempt(kind, VALID, () -> plan.run(p.input()));
                    break;
                case 3:
                    kind = "valid: plan.run(float[]/double[]), output pre-filled with NaN";
                    y = runArrays(kind, plan, p.input());
                    break;
                case 4:
                    kind = "valid: plan.run(heap buffers sliced from a larger array)";
                    y = runBuffers(kind, plan, p.input(), Store.HEAP, Store.HEAP, false, r.nextInt(5));
                    break;
                case 5:
                    kind = "valid: plan.run(direct buffers, native order, position > 0)";
                    y = runBuffers(kind, plan, p.input(), Store.DIRECT, Store.DIRECT, false, 1 + r.nextInt(5));
                    break;
                case 6:
                    kind = "valid: plan.run(direct buffers, big-endian)";
                    y = runBuffers(kind, plan, p.input(), Store.DIRECT_BIG_ENDIAN, r.nextBoolean()
                            ? Store.DIRECT_BIG_ENDIAN : Store.DIRECT, false, r.nextInt(3));
                    break;
                case 7:
                    kind = "valid: plan.run(read-only input buffer)";
                    y = runBuffers(kind, plan, p.input(), r.nextBoolean() ? Store.DIRECT : Store.HEAP,
                            Store.DIRECT, true, r.nextInt(3));
                    break;
                case 8:
                    kind = "valid: ZeroCopy.run(JavaCPP pointers at a position), output pre-filled with NaN";
                    y = runPointersValid(kind, plan, p.input(), 1 + r.nextInt(4));
                    break;
                default:
                    kind = "valid: plan.run(direct input, heap output) twice";
                    runBuffers(kind, plan, p.input(), Store.DIRECT, Store.HEAP, false, 0);
                    y = runBuffers(kind, plan, p.input(), Store.DIRECT, Store.HEAP, false, 2);
                    break;
            }
            check(kind + " [" + planName(b) + " " + plan.algorithm() + "]", want, y, atol);
        }
    }

    /** "native", "java" (the oracle) or "pure-java" (the fast pure-Java backend, also named "java"). */
    static String planName(Backend b) {
        return b == PureJavaBackend.INSTANCE ? "pure-java" : b.name();
    }

    private void check(String kind, Tensor want, Tensor y, double atol) {
        if (y != null) {
            ledger.compare(kind, want, y, atol);
        }
    }

    private Tensor runArrays(String kind, ConvPlan plan, Tensor input) {
        Tensor out = Tensor.zeros(input.dtype(), plan.geometry().outputShape());
        for (int i = 0; i < out.size(); i++) {
            out.set(i, Double.NaN); // an element the backend forgets to write cannot pass
        }
        Object done = ledger.attempt(kind, VALID, () -> {
            if (input.dtype() == DType.FLOAT32) {
                plan.run(input.floats(), out.floats());
            } else {
                plan.run(input.doubles(), out.doubles());
            }
            return out;
        });
        return done == null ? null : out;
    }

    /** A valid ZeroCopy run on pointers positioned at {@code offset}, NaN guards around the output. */
    private Tensor runPointersValid(String kind, ConvPlan plan, Tensor input, int offset) {
        DType dt = input.dtype();
        int nIn = input.size();
        int nOut = (int) plan.geometry().outputElements();
        Tensor y = Tensor.zeros(dt, plan.geometry().outputShape());
        try (Pointer in = dt == DType.FLOAT32 ? new FloatPointer(offset + nIn) : new DoublePointer(offset + nIn);
             Pointer out = dt == DType.FLOAT32 ? new FloatPointer(offset + nOut + 1) : new DoublePointer(offset + nOut + 1)) {
            for (int i = 0; i < offset + nOut + 1; i++) {
                if (dt == DType.FLOAT32) {
                    ((FloatPointer) out).put(i, Float.NaN);
                } else {
                    ((DoublePointer) out).put(i, Double.NaN);
                }
            }
            for (int i = 0; i < nIn; i++) {
                if (dt == DType.FLOAT32) {
                    ((FloatPointer) in).put(offset + i, (float) input.get(i));
                } else {
                    ((DoublePointer) in).put(offset + i, input.get(i));
                }
            }
            in.position(offset);
            out.position(offset).limit(offset + nOut);
            Object done = ledger.attempt(kind, VALID, () -> {
                if (dt == DType.FLOAT32) {
                    ZeroCopy.run(plan, (FloatPointer) in, (FloatPointer) out);
                } else {
                    ZeroCopy.run(plan, (DoublePointer) in, (DoublePointer) out);
                }
                return out;
            });
            if (done == null) {
                return null;
            }
            if (in.position() != offset || out.position() != offset || out.limit() != offset + nOut) {
                ledger.fail(kind, "run moved a pointer's position or limit", null);
            }
            out.position(0); // JavaCPP's get(i) reads at position + i
            double before = dt == DType.FLOAT32 ? ((FloatPointer) out).get(offset - 1) : ((DoublePointer) out).get(offset - 1);
            double after = dt == DType.FLOAT32 ? ((FloatPointer) out).get(offset + nOut) : ((DoublePointer) out).get(offset + nOut);
            if (!Double.isNaN(before) || !Double.isNaN(after)) {
                ledger.fail(kind, "run wrote outside the output pointer's [position, limit)", null);
            }
            for (int i = 0; i < nOut; i++) {
                y.set(i, dt == DType.FLOAT32 ? ((FloatPointer) out).get(offset + i) : ((DoublePointer) out).get(offset + i));
            }
        }
        return y;
    }

    enum Store { HEAP, DIRECT, DIRECT_BIG_ENDIAN }

    /** Allocates room for {@code n} values after {@code offset} others, NaN-filled, positioned at {@code offset}. */
    static java.nio.Buffer buffer(DType dt, Store store, int offset, int n) {
        int total = offset + n + 2;
        java.nio.Buffer b;
        if (store == Store.HEAP) {
            b = dt == DType.FLOAT32 ? FloatBuffer.allocate(total) : DoubleBuffer.allocate(total);
        } else {
            ByteBuffer bytes = ByteBuffer.allocateDirect(total * dt.bytes());
            bytes.order(store == Store.DIRECT ? ByteOrder.nativeOrder() : ByteOrder.BIG_ENDIAN);
            b = dt == DType.FLOAT32 ? bytes.asFloatBuffer() : bytes.asDoubleBuffer();
        }
        for (int i = 0; i < total; i++) {
            if (b instanceof FloatBuffer) {
                ((FloatBuffer) b).put(i, Float.NaN);
            } else {
                ((DoubleBuffer) b).put(i, Double.NaN);
            }
        }
        b.position(offset).limit(offset + n);
        return b;
    }

    private Tensor runBuffers(String kind, ConvPlan plan, Tensor input, Store inStore, Store outStore, boolean readOnlyInput,
            int offset) {
        DType dt = input.dtype();
        int nOut = (int) plan.geometry().outputElements();
        java.nio.Buffer in = buffer(dt, inStore, offset, input.size());
        java.nio.Buffer out = buffer(dt, outStore, offset + 1, nOut);
        for (int i = 0; i < input.size(); i++) {
            if (in instanceof FloatBuffer) {
                ((FloatBuffer) in).put(offset + i, (float) input.get(i));
            } else {
                ((DoubleBuffer) in).put(offset + i, input.get(i));
            }
        }
        if (inStore == Store.HEAP && offset > 0) { // a slice: position 0 of the view is not index 0 of the array
            in = in instanceof FloatBuffer ? ((FloatBuffer) in).slice() : ((DoubleBuffer) in).slice();
        }
        if (readOnlyInput) {
            in = in instanceof FloatBuffer ? ((FloatBuffer) in).asReadOnlyBuffer() : ((DoubleBuffer) in).asReadOnlyBuffer();
        }
        java.nio.Buffer fin = in;
        Object done = ledger.attempt(kind, VALID, () -> {
            if (dt == DType.FLOAT32) {
                plan.run((FloatBuffer) fin, (FloatBuffer) out);
            } else {
                plan.run((DoubleBuffer) fin, (DoubleBuffer) out);
            }
            return out;
        });
        if (done == null) {
            return null;
        }
        if (out.position() != offset + 1 || out.limit() != offset + 1 + nOut || fin.remaining() != input.size()) {
            ledger.fail(kind, "run moved a buffer's position or limit", null);
        }
        // a view of the whole buffer, to look at the guard elements around [position, limit) too
        java.nio.Buffer all = out instanceof FloatBuffer ? ((FloatBuffer) out).duplicate().clear()
                : ((DoubleBuffer) out).duplicate().clear();
        Tensor y = Tensor.zeros(dt, plan.geometry().outputShape());
        for (int i = 0; i < nOut; i++) {
            y.set(i, get(all, offset + 1 + i));
        }
        double before = get(all, offset);
        double after = get(all, offset + 1 + nOut);
        if (!Double.isNaN(before) || !Double.isNaN(after)) {
            ledger.fail(kind, "run wrote outside the output buffer's [position, limit)", null);
        }
        return y;
    }

    private static double get(java.nio.Buffer b, int i) {
        return b instanceof FloatBuffer ? ((FloatBuffer) b).get(i) : ((DoubleBuffer) b).get(i);
    }

    // ------------------------------------------------------------------------------ in place

    /** Same-size convolutions run with the input and output in the same memory. */
    private void inPlace(SplittableRandom r) {
        int k = 1 + 2 * r.nextInt(3);
        int groups = 1 + r.nextInt(2);
        int c = groups * (1 + r.nextInt(3));
        int h = 1 + r.nextInt(7);
        int w = 1 + r.nextInt(7);
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        BorderMode mode = BorderMode.values()[r.nextInt(BorderMode.values().length)];
        ConvSpec spec = ConvSpec.builder(2).pad((k - 1) / 2).border(mode).groups(groups).flip(r.nextBoolean()).dtype(dt).build();
        Tensor x = RandomSpecs.randomTensor(r, dt, 1 + r.nextInt(2), c, h, w);
        Tensor kernel = RandomSpecs.randomTensor(r, dt, c, c / groups, k, k);
        ConvGeometry g = ConvGeometry.of(spec, x.shape(), kernel.shape());
        Tensor want = expected(g, x, kernel, null);
        double atol = Tolerance.atol(g, x, kernel, null);
        Backend b = backend(r);
        try (ConvPlan plan = b.plan(g, kernel, null)) {
            if (r.nextBoolean()) {
                String kind = "valid: in place, one array as input and output (" + planName(b) + ")";
                Tensor data = x.copy();
                Object done = ledger.attempt(kind, VALID, () -> {
                    if (dt == DType.FLOAT32) {
                        plan.run(data.floats(), data.floats());
                    } else {
                        plan.run(data.doubles(), data.doubles());
                    }
                    return data;
                });
                if (done != null) {
                    ledger.compare(kind, want, data, atol);
                }
            } else {
                String kind = "valid: in place, overlapping direct buffers (" + planName(b) + ")";
                int n = x.size();
                int shift = r.nextInt(3) - 1; // output starts one before, at, or one after the input
                ByteBuffer bytes = ByteBuffer.allocateDirect((n + 2) * dt.bytes()).order(ByteOrder.nativeOrder());
                java.nio.Buffer in = dt == DType.FLOAT32 ? bytes.asFloatBuffer() : bytes.asDoubleBuffer();
                java.nio.Buffer out = dt == DType.FLOAT32 ? bytes.asFloatBuffer() : bytes.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    if (in instanceof FloatBuffer) {
                        ((FloatBuffer) in).put(1 + i, (float) x.get(i));
                    } else {
                        ((DoubleBuffer) in).put(1 + i, x.get(i));
                    }
                }
                in.position(1).limit(1 + n);
                out.position(1 + shift).limit(1 + shift + n);
                Object done = ledger.attempt(kind, VALID, () -> {
                    if (dt == DType.FLOAT32) {
                        plan.run((FloatBuffer) in, (FloatBuffer) out);
                    } else {
                        plan.run((DoubleBuffer) in, (DoubleBuffer) out);
                    }
                    return out;
                });
                if (done != null) {
                    Tensor y = Tensor.zeros(dt, g.outputShape());
                    for (int i = 0; i < n; i++) {
                        y.set(i, out instanceof FloatBuffer ? ((FloatBuffer) out).get(1 + shift + i)
                                : ((DoubleBuffer) out).get(1 + shift + i));
                    }
                    ledger.compare(kind, want, y, atol);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------ closed plans

    private void closed(SplittableRandom r, RandomProblem p) {
        Backend b = backend(r);
        ConvGeometry g = p.geometry();
        ConvPlan plan = b.plan(g, p.kernel(), p.bias());
        plan.close();
        ledger.attempt("valid: close() a closed plan again (" + b.name() + ")", VALID, () -> {
            plan.close();
            return plan;
        });
        DType dt = g.spec().dtype();
        int nIn = (int) g.inputElements();
        int nOut = (int) g.outputElements();
        String suffix = " (" + planName(b) + ")";
        switch (r.nextInt(4)) {
            case 0:
                ledger.attempt("closed plan: run(Tensor)" + suffix, CLOSED, () -> plan.run(p.input()));
                break;
            case 1:
                ledger.attempt("closed plan: run(arrays)" + suffix, CLOSED, () -> {
                    if (dt == DType.FLOAT32) {
                        plan.run(new float[nIn], new float[nOut]);
                    } else {
                        plan.run(new double[nIn], new double[nOut]);
                    }
                    return null;
                });
                break;
            case 2:
                ledger.attempt("closed plan: run(direct buffers)" + suffix, CLOSED, () -> {
                    java.nio.Buffer in = buffer(dt, Store.DIRECT, 0, nIn);
                    java.nio.Buffer out = buffer(dt, Store.DIRECT, 0, nOut);
                    if (dt == DType.FLOAT32) {
                        plan.run((FloatBuffer) in, (FloatBuffer) out);
                    } else {
                        plan.run((DoubleBuffer) in, (DoubleBuffer) out);
                    }
                    return null;
                });
                break;
            default:
                ledger.attempt("closed plan: run(heap buffers)" + suffix, CLOSED, () -> {
                    java.nio.Buffer in = buffer(dt, Store.HEAP, 0, nIn);
                    java.nio.Buffer out = buffer(dt, Store.HEAP, 0, nOut);
                    if (dt == DType.FLOAT32) {
                        plan.run((FloatBuffer) in, (FloatBuffer) out);
                    } else {
                        plan.run((DoubleBuffer) in, (DoubleBuffer) out);
                    }
                    return null;
                });
                break;
        }
    }

    // ------------------------------------------------------------------------------ huge sizes

    private void huge(SplittableRandom r) {
        Backend b = backend(r);
        String on = " (" + planName(b) + ")";
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        switch (r.nextInt(8)) {
            case 0: { // 46341^2 > Integer.MAX_VALUE: refused before anything is allocated
                int side = 46341 + r.nextInt(1000);
                ledger.attempt("huge: input of " + "46341+ x 46341+ elements (> Integer.MAX_VALUE)" + on, INVALID,
                        () -> Conv.plan(ConvSpec.builder(2).dtype(dt).build(), new int[] {1, 1, side, side},
                                Tensor.zeros(dt, 1, 1, 1, 1), null, b), "input shape", String.valueOf(side));
                return;
            }
            case 1: { // a 1x1 input padded to an output of 10^10 elements
                int pad = 50_000 + r.nextInt(100_000);
                ledger.attempt("huge: pads giving an output of more than Integer.MAX_VALUE elements" + on, INVALID,
                        () -> Conv.plan(ConvSpec.builder(2).pad(pad).dtype(dt).build(), new int[] {1, 1, 1, 1},
                                Tensor.zeros(dt, 1, 1, 1, 1), null, b), "output shape");
                return;
            }
            case 2: { // pads of Integer.MAX_VALUE: an output axis longer than an int
                ledger.attempt("huge: pads of Integer.MAX_VALUE, output axis > Integer.MAX_VALUE" + on, INVALID,
                        () -> Conv.plan(ConvSpec.builder(1).pad(Integer.MAX_VALUE).dtype(dt).build(), new int[] {1, 1, 3},
                                Tensor.zeros(dt, 1, 1, 2), null, b), "output size");
                return;
            }
            case 3: { // the same pads with a stride of Integer.MAX_VALUE: 3 outputs, all arithmetic in 64 bits
                BorderMode mode = BorderMode.values()[r.nextInt(BorderMode.values().length)];
                int pad = Integer.MAX_VALUE - r.nextInt(3);
                ConvSpec spec = ConvSpec.builder(1).pad(pad).stride(Integer.MAX_VALUE).border(mode, 0.5).dtype(dt).build();
                runValid("valid: pads and stride near Integer.MAX_VALUE (" + mode.displayName() + ")" + on, b, spec,
                        RandomSpecs.randomTensor(r, dt, 1, 2, 3), RandomSpecs.randomTensor(r, dt, 3, 2, 2),
                        RandomSpecs.randomTensor(r, dt, 3));
                return;
            }
            case 4: { // a dilation of Integer.MAX_VALUE: valid only for a kernel of one tap
                int k = 1 + r.nextInt(2);
                ConvSpec spec = ConvSpec.builder(1).dilation(Integer.MAX_VALUE).pad(r.nextInt(3)).dtype(dt).build();
                if (k == 1) {
                    runValid("valid: dilation Integer.MAX_VALUE with a 1-tap kernel" + on, b, spec,
                            RandomSpecs.randomTensor(r, dt, 1, 1, 4), RandomSpecs.randomTensor(r, dt, 1, 1, 1), null);
                } else {
                    ledger.attempt("huge: dilation Integer.MAX_VALUE, kernel larger than the padded input" + on, INVALID,
                            () -> Conv.plan(spec, new int[] {1, 1, 4}, Tensor.zeros(dt, 1, 1, k), null, b),
                            "kernel size", "dilated " + ((long) Integer.MAX_VALUE * (k - 1) + 1));
                }
                return;
            }
            case 5: { // the im2col workspace C*R*S*OH*OW > 2^31 (computed in int64 by the core): plan only
                ConvSpec spec = ConvSpec.builder(2).pad(200).dtype(dt).build();
                Tensor kernel = Tensor.zeros(dt, 1, 8, 65, 65);
                ConvPlan plan = ledger.attempt("valid (plan only): im2col workspace C*R*S*OH*OW = 4.2e9 > Integer.MAX_VALUE"
                        + on, VALID, () -> Conv.plan(spec, new int[] {1, 8, 16, 16}, kernel, null, b));
                if (plan != null) {
                    plan.close();
                }
                return;
            }
            case 6: { // one axis of 50002 outputs x 50000 taps: 2.5e9 (output, tap) pairs
                ConvSpec spec = ConvSpec.builder(1).pad(50_000).dtype(dt).build();
                ConvPlan plan = ledger.attempt("huge (plan only): 1-D axis with outputs x taps = 2.5e9 > Integer.MAX_VALUE"
                        + on, EITHER, () -> Conv.plan(spec, new int[] {1, 1, 1}, Tensor.zeros(dt, 1, 1, 50_000), null, b));
                if (plan != null) {
                    plan.close();
                }
                return;
            }
            default: { // depthwise HWCM kernel whose C * M overflows an int
                ConvSpec spec = ConvSpec.builder(1).kernelLayout(KernelLayout.HWCM).groups(65536).dtype(dt).build();
                ledger.attempt("huge: depthwise kernel with C*M > Integer.MAX_VALUE output channels", INVALID,
                        () -> ConvGeometry.of(spec, new int[] {1, 65536, 1}, new int[] {1, 65536, 65536}),
                        "output channels");
                return;
            }
        }
    }

    private void runValid(String kind, Backend b, ConvSpec spec, Tensor x, Tensor kernel, Tensor bias) {
        ConvGeometry g = ConvGeometry.of(spec, x.shape(), kernel.shape());
        Tensor want = expected(g, x, kernel, bias);
        Tensor y = ledger.attempt(kind, VALID, () -> Conv.run(spec, x, kernel, bias, b));
        check(kind, want, y, Tolerance.atol(g, x, kernel, bias));
    }

    // ------------------------------------------------------------------------------ one thing wrong

    private void invalid(SplittableRandom r, RandomProblem p) {
        Backend b = backend(r);
        String on = " (" + planName(b) + ")";
        ConvSpec spec = p.spec();
        ConvGeometry g = p.geometry();
        int rank = spec.rank();
        DType dt = spec.dtype();
        DType other = dt == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        int[] inShape = g.inputShape();
        int[] kShape = g.kernelShape();
        int nIn = (int) g.inputElements();
        int nOut = (int) g.outputElements();
        switch (r.nextInt(30)) {
            case 26: {
                int n = new int[] {-1, 1025, Integer.MIN_VALUE, Integer.MAX_VALUE}[r.nextInt(4)];
                ledger.attempt("PlanOptions.threads out of 0..1024", INVALID, () -> PlanOptions.threads(n), "threads",
                        String.valueOf(n));
                return;
            }
            case 27:
                ledger.attempt("Conv.plan: null options" + on, INVALID,
                        () -> Conv.plan(spec, inShape, p.kernel(), p.bias(), b, null), "options");
                return;
            case 28: {
                int n = new int[] {0, -1, 1025, Integer.MIN_VALUE}[r.nextInt(4)];
                ledger.attempt("Backends.setNativeThreads out of 1..1024", INVALID, () -> {
                    Backends.setNativeThreads(n);
                    return null;
                }, "threads", String.valueOf(n));
                return;
            }
            case 0:
                ledger.attempt("Conv.run: null input" + on, INVALID, () -> Conv.run(spec, null, p.kernel(), p.bias(), b), "input");
                return;
            case 1:
                ledger.attempt("Conv.run: null kernel" + on, INVALID, () -> Conv.run(spec, p.input(), null, p.bias(), b), "kernel");
                return;
            case 2:
                ledger.attempt("Conv.run: null spec" + on, INVALID, () -> Conv.run(null, p.input(), p.kernel(), p.bias(), b), "spec");
                return;
            case 3:
                ledger.attempt("Conv.run: null backend", INVALID, () -> Conv.run(spec, p.input(), p.kernel(), p.bias(), null), "backend");
                return;
            case 4:
                ledger.attempt("Conv.plan: null input shape" + on, INVALID, () -> Conv.plan(spec, null, p.kernel(), p.bias(), b), "inputShape");
                return;
            case 5: {
                int[] ks = kShape.clone();
                int axis = r.nextInt(ks.length);
                ks[axis] += 1;
                Tensor k2 = Tensor.zeros(dt, ks);
                ConvPlan other2 = ledger.attempt("Conv.plan: kernel with one size off by one" + on, EITHER,
                        () -> Conv.plan(spec, inShape, k2, p.bias(), b));
                if (other2 != null) {
                    other2.close();
                }
                // the kernel shape is the geometry's: a plan for the old geometry must refuse the new kernel
                ledger.attempt("backend.plan: kernel shape differs from the geometry's" + on, INVALID,
                        () -> b.plan(g, k2, p.bias()), "kernel shape", Arrays.toString(ks));
                return;
            }
            case 6: {
                int[] ks = Arrays.copyOf(kShape, kShape.length + (r.nextBoolean() ? 1 : -1));
                Arrays.fill(ks, kShape.length - 1, ks.length, 1);
                ledger.attempt("Conv.plan: kernel of the wrong rank" + on, INVALID,
                        () -> Conv.plan(spec, inShape, Tensor.zeros(dt, ks), p.bias(), b), "kernel shape");
                return;
            }
            case 7: {
                int[] is = Arrays.copyOf(inShape, inShape.length + (r.nextBoolean() ? 1 : -1));
                Arrays.fill(is, inShape.length - 1, is.length, 1);
                ledger.attempt("Conv.plan: input shape of the wrong rank" + on, INVALID,
                        () -> Conv.plan(spec, is, p.kernel(), p.bias(), b), "input shape");
                return;
            }
            case 8: {
                int[] is = inShape.clone();
                int axis = r.nextInt(is.length);
                int v = new int[] {0, -1, Integer.MIN_VALUE, -46341}[r.nextInt(4)];
                is[axis] = v;
                ledger.attempt("Conv.plan: input size zero or negative" + on, INVALID,
                        () -> Conv.plan(spec, is, p.kernel(), p.bias(), b), "input shape", String.valueOf(v));
                return;
            }
            case 9:
                ledger.attempt("Conv.plan: kernel dtype differs from the spec's" + on, INVALID,
                        () -> Conv.plan(spec, inShape, p.kernel().to(other), p.bias(), b), "kernel dtype", other.numpyName());
                return;
            case 10: {
                int len = g.outChannels() + (r.nextBoolean() ? 1 : -1);
                if (len == 0) {
                    len = 2 * g.outChannels();
                }
                int n = len;
                ledger.attempt("Conv.plan: bias length differs from the output channels" + on, INVALID,
                        () -> Conv.plan(spec, inShape, p.kernel(), Tensor.zeros(dt, n), b), "bias", String.valueOf(n));
                return;
            }
            case 11:
                ledger.attempt("Conv.plan: bias of rank 2" + on, INVALID,
                        () -> Conv.plan(spec, inShape, p.kernel(), Tensor.zeros(dt, 1, g.outChannels()), b), "bias");
                return;
            case 12:
                ledger.attempt("Conv.plan: bias dtype differs from the spec's" + on, INVALID,
                        () -> Conv.plan(spec, inShape, p.kernel(), Tensor.zeros(other, g.outChannels()), b), "bias dtype");
                return;
            default:
                break;
        }
        // the remaining kinds need a plan
        try (ConvPlan plan = b.plan(g, p.kernel(), p.bias())) {
            int which = r.nextInt(14);
            switch (which) {
                case 12: {
                    // JavaCPP pointers too short by one, or of unknown size (limit 0, as native code hands them out)
                    boolean input = r.nextBoolean();
                    // (a pointer of 0 elements would be a null pointer: that one is refused as null)
                    boolean unknown = r.nextInt(3) == 0 || (input ? nIn : nOut) == 1;
                    int in = input && !unknown ? nIn - 1 : nIn;
                    int out = !input && !unknown ? nOut - 1 : nOut;
                    ledger.attempt("ZeroCopy.run: " + (input ? "input" : "output") + " pointer "
                            + (unknown ? "of unknown size" : "one element short") + on, INVALID,
                            () -> runPointers(plan, dt, in, out, unknown ? (input ? 1 : 2) : 0),
                            input ? "input" : "output", unknown ? "no known size" : "holds " + (input ? in : out));
                    return;
                }
                case 13: {
                    ledger.attempt("ZeroCopy.run: pointers of the other dtype" + on, INVALID,
                            () -> runPointers(plan, other, nIn, nOut, 0), dt.numpyName(), other.numpyName());
                    return;
                }
                case 0:
                case 1: {
                    int len = which == 0 ? nIn - 1 - r.nextInt(Math.max(1, nIn)) : nIn + 1 + r.nextInt(5);
                    int n = Math.max(0, len);
                    ledger.attempt("run: input array " + (which == 0 ? "too short" : "too long") + on, INVALID,
                            () -> runArrays(plan, dt, n, nOut), "input", String.valueOf(n));
                    return;
                }
                case 2:
                case 3: {
                    int len = which == 2 ? nOut - 1 - r.nextInt(Math.max(1, nOut)) : nOut + 1 + r.nextInt(5);
                    int n = Math.max(0, len);
                    ledger.attempt("run: output array " + (which == 2 ? "too short" : "too long") + on, INVALID,
                            () -> runArrays(plan, dt, nIn, n), "output", String.valueOf(n));
                    return;
                }
                case 4:
                    ledger.attempt("run: null input array" + on, INVALID, () -> runArrays(plan, dt, -1, nOut), "input");
                    return;
                case 5:
                    ledger.attempt("run: null output array" + on, INVALID, () -> runArrays(plan, dt, nIn, -1), "output");
                    return;
                case 6:
                    ledger.attempt("run: arrays of the other dtype" + on, INVALID,
                            () -> runArrays(plan, other, nIn, nOut), dt.numpyName(), other.numpyName());
                    return;
                case 7: {
                    boolean input = r.nextBoolean();
                    int delta = r.nextBoolean() ? 1 : -1;
                    Store store = Store.values()[r.nextInt(3)];
                    int in = input ? Math.max(0, nIn + delta) : nIn;
                    int out = input ? nOut : Math.max(0, nOut + delta);
                    ledger.attempt("run: " + (input ? "input" : "output") + " buffer remaining() off by one" + on, INVALID,
                            () -> runBuffers(plan, dt, store, in, out, false), input ? "input" : "output",
                            String.valueOf(input ? in : out));
                    return;
                }
                case 8: {
                    Store store = Store.values()[r.nextInt(3)];
                    ledger.attempt("run: read-only output buffer" + on, INVALID,
                            () -> runBuffers(plan, dt, store, nIn, nOut, true), "read-only");
                    return;
                }
                case 9: {
                    boolean input = r.nextBoolean();
                    ledger.attempt("run: null " + (input ? "input" : "output") + " buffer" + on, INVALID, () -> {
                        java.nio.Buffer in = input ? null : buffer(dt, Store.DIRECT, 0, nIn);
                        java.nio.Buffer out = input ? buffer(dt, Store.DIRECT, 0, nOut) : null;
                        if (dt == DType.FLOAT32) {
                            plan.run((FloatBuffer) in, (FloatBuffer) out);
                        } else {
                            plan.run((DoubleBuffer) in, (DoubleBuffer) out);
                        }
                        return null;
                    }, input ? "input" : "output");
                    return;
                }
                case 10: {
                    int[] wrong = inShape.clone();
                    wrong[r.nextInt(wrong.length)] += 1;
                    ledger.attempt("run(Tensor): input of another shape" + on, INVALID,
                            () -> plan.run(Tensor.zeros(dt, wrong)), "input shape", Arrays.toString(wrong));
                    return;
                }
                default:
                    if (r.nextBoolean()) {
                        ledger.attempt("run(Tensor): input of the other dtype (no silent conversion)" + on, INVALID,
                                () -> plan.run(p.input().to(other)), "dtype", other.numpyName());
                    } else {
                        ledger.attempt("run(Tensor): null" + on, INVALID, () -> plan.run((Tensor) null), "input");
                    }
                    return;
            }
        }
    }

    /**
     * Runs through {@link ZeroCopy} on fresh pointers of the given element counts and dtype, zeroed;
     * {@code unknownSize} 1 or 2 sets the input's or the output's limit to 0.
     */
    private static Object runPointers(ConvPlan plan, DType dt, int nIn, int nOut, int unknownSize) {
        try (Pointer in = dt == DType.FLOAT32 ? new FloatPointer(nIn) : new DoublePointer(nIn);
             Pointer out = dt == DType.FLOAT32 ? new FloatPointer(nOut) : new DoublePointer(nOut)) {
            in.zero();
            if (unknownSize == 1) {
                in.limit(0);
            } else if (unknownSize == 2) {
                out.limit(0);
            }
            if (dt == DType.FLOAT32) {
                ZeroCopy.run(plan, (FloatPointer) in, (FloatPointer) out);
            } else {
                ZeroCopy.run(plan, (DoublePointer) in, (DoublePointer) out);
            }
        }
        return null;
    }

    /** Runs with arrays of the given lengths (-1: null) and dtype. */
    private static Object runArrays(ConvPlan plan, DType dt, int nIn, int nOut) {
        if (dt == DType.FLOAT32) {
            plan.run(nIn < 0 ? null : new float[nIn], nOut < 0 ? null : new float[nOut]);
        } else {
            plan.run(nIn < 0 ? null : new double[nIn], nOut < 0 ? null : new double[nOut]);
        }
        return null;
    }

    private static Object runBuffers(ConvPlan plan, DType dt, Store store, int nIn, int nOut, boolean readOnlyOutput) {
        java.nio.Buffer in = buffer(dt, store, 1, nIn);
        java.nio.Buffer out = buffer(dt, store, 2, nOut);
        if (readOnlyOutput) {
            out = out instanceof FloatBuffer ? ((FloatBuffer) out).asReadOnlyBuffer() : ((DoubleBuffer) out).asReadOnlyBuffer();
        }
        if (dt == DType.FLOAT32) {
            plan.run((FloatBuffer) in, (FloatBuffer) out);
        } else {
            plan.run((DoubleBuffer) in, (DoubleBuffer) out);
        }
        return null;
    }

    static boolean smallEnough(ConvGeometry g) {
        return g.macs() <= RUN_BUDGET_MACS && g.inputElements() <= 1_000_000 && g.outputElements() <= 1_000_000;
    }

    static Layout randomLayout(SplittableRandom r) {
        return r.nextBoolean() ? Layout.NCHW : Layout.NHWC;
    }
}
