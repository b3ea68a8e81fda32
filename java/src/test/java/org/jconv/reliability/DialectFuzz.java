package org.jconv.reliability;

import static org.jconv.reliability.FuzzLedger.Expect.EITHER;
import static org.jconv.reliability.FuzzLedger.Expect.INVALID;
import static org.jconv.reliability.FuzzLedger.Expect.VALID;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.dialect.Dialect;
import org.jconv.dialect.DialectCall;
import org.jconv.dialect.Dialects;
import org.jconv.dialect.Params;
import org.jconv.dialect.Scipy;
import org.jconv.plan.Operands;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;

/**
 * The fuzz of the dialects: {@link Dialects#forSystem} with known, aliased, unknown and null names;
 * {@code translate} with random {@link Params} (every key any dialect knows plus unknown ones;
 * values of the wrong type, negative, huge, null, nested lists) and operands of random rank, layout
 * and dtype (mostly shaped so that the channels agree, so that many calls are accepted). Every
 * accepted call is run on the native backend and on the oracle and the results compared.
 */
final class DialectFuzz {
    private static final String[] KEYS = {"padding", "strides", "stride", "dilation", "dilations", "dilation_rate", "groups",
        "group", "padding_mode", "data_format", "depth_multiplier", "border_mode", "subsample", "filter_flip",
        "filter_dilation", "auto_pad", "pads", "kernel_shape", "mode", "boundary", "fillvalue", "output_shape",
        "output_padding", "in_channels", "out_channels", "kernel_size", "bias", "use_bias", "num_groups", "filters",
        "input_shape", "filter_shape"};
    private static final String[] JUNK_KEYS = {"foo", "", "Padding", "strides ", "padding\u0000"};
    private static final String[] STRINGS = {"same", "valid", "full", "SAME", "VALID", "EXPLICIT", "NOTSET", "SAME_UPPER",
        "SAME_LOWER", "zeros", "reflect", "replicate", "circular", "channels_first", "channels_last", "NCHW", "NHWC",
        "NWC", "NCW", "NDHWC", "NCDHW", "fill", "wrap", "symm", "symmetric", "half", "causal", "", "Same", "banana",
        "\u00e9", "same "};
    private static final String[] JUNK_SYSTEMS = {"", "torch", "Torch", "scipy", "keras.layers.Conv2d", "tf.nn.conv2d ", null};

    /** The kind under which a translated call whose operands a backend would refuse is recorded. */
    static final String ACCEPTED_OPERANDS_FIT = "dialect translate: an accepted call's kernel and bias fit its geometry";

    private final FuzzLedger ledger;
    private final Backend nat = Backends.nativeBackend();
    private final Backend oracle = Backends.java();

    DialectFuzz(FuzzLedger ledger) {
        this.ledger = ledger;
    }

    void run(SplittableRandom r) {
        int pick = r.nextInt(20);
        if (pick == 0) {
            String name = JUNK_SYSTEMS[r.nextInt(JUNK_SYSTEMS.length)];
            boolean known = name != null && (Dialects.systems().contains(name) || Dialects.aliases().containsKey(name));
            ledger.attempt(known ? "valid: Dialects.forSystem" : "Dialects.forSystem: unknown or null system name",
                    known ? VALID : INVALID, () -> Dialects.forSystem(name), "system");
            return;
        }
        if (pick <= 2) {
            scipyArrays(r);
            return;
        }
        if (pick == 3) {
            zeroSizeAxis(r);
            return;
        }
        List<String> names = new ArrayList<>(Dialects.systems());
        names.addAll(Dialects.aliases().keySet());
        String system = names.get(r.nextInt(names.size()));
        Dialect d = Dialects.forSystem(system);
        CallOperands ops = operands(r, d.system());
        Params params = r.nextInt(25) == 0 ? null : plausibleParams(r, d.system(), knownKeys(system, d), ops);
        String kind = params == null ? "dialect translate: null params" : "junk: " + system + " translate";
        ledger.context(system + " params " + params + ", input " + shape(ops.input) + ", kernel " + shape(ops.kernel) + ", bias "
                + shape(ops.bias));
        DialectCall call = ledger.attempt(kind, params == null ? INVALID : EITHER,
                () -> d.translate(params, ops.input, ops.kernel, ops.bias), params == null ? new String[] {"params"} : new String[0]);
        if (call == null) {
            return;
        }
        ledger.attempt("valid: DialectCall.explain", VALID, call::explain);
        // what translate accepts must be what every backend accepts, so that the refusal comes from translate
        Object fits = ledger.attempt(ACCEPTED_OPERANDS_FIT, VALID, () -> {
            Operands.check(call.geometry(), call.kernel(), call.bias());
            return call;
        });
        if (fits == null || !ConvFuzz.smallEnough(call.geometry())) {
            return;
        }
        // an accepted call must run: a refusal here means translate let something through
        String accepted = "valid: run a call " + d.system() + " accepted";
        Tensor want = ledger.attempt(accepted + " (java)", VALID, () -> call.run(oracle));
        Tensor y = ledger.attempt(accepted + " (native)", VALID, () -> call.run(nat));
        if (want != null && y != null) {
            ledger.compare("dialect " + call.explain(), want, y, Tolerance.atol(call.geometry(), call.input(), call.kernel(),
                    call.bias()));
        }
    }

    /**
     * Empty arrays (numpy allows a 0 in any shape): a zero-size channel axis in the input and the
     * kernel, or a zero-size spatial axis in both. Every system must refuse them with a message.
     */
    private void zeroSizeAxis(SplittableRandom r) {
        List<String> names = Dialects.systems();
        String system = names.get(r.nextInt(names.size()));
        CallOperands ops = operands(r, system);
        if (ops.input == null || ops.kernel == null || ops.input.rank() < 2 || ops.kernel.rank() < 2) {
            return;
        }
        int[] in = ops.input.shape();
        int[] k = ops.kernel.shape();
        boolean channels = r.nextBoolean() && !system.startsWith("scipy");
        if (channels) {
            in[ops.channelsLast ? in.length - 1 : 1] = 0;
            k[ops.channelsLast ? k.length - 2 : 1] = 0;
        } else {
            in[in.length - 1 - (ops.channelsLast ? 1 : 0)] = 0;
            k[ops.channelsLast ? 0 : k.length - 1] = 0;
        }
        Tensor x = Tensor.zeros(ops.input.dtype(), in);
        Tensor w = Tensor.zeros(ops.kernel.dtype(), k);
        Params params = plausibleParams(r, system, knownKeys(system, Dialects.forSystem(system)), ops);
        ledger.context(system + " params " + params + ", input " + shape(x) + ", kernel " + shape(w) + ", bias " + shape(ops.bias));
        ledger.attempt("dialect translate: zero-size " + (channels ? "channel" : "spatial") + " axis (" + system + ")", INVALID,
                () -> Dialects.forSystem(system).translate(params, x, w, ops.bias));
    }

    /** scipy's array API with random modes, boundaries and fill values, including ragged and null arrays. */
    private void scipyArrays(SplittableRandom r) {
        String[] modes = {"full", "same", "valid", "banana", null};
        String[] boundaries = {"fill", "wrap", "symm", "reflect", null};
        String mode = modes[r.nextInt(modes.length)];
        String boundary = boundaries[r.nextInt(boundaries.length)];
        double fill = new double[] {0, 1.5, Double.NaN, Double.POSITIVE_INFINITY}[r.nextInt(4)];
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Tensor a = RandomSpecs.randomTensor(r, dt, 1 + r.nextInt(6), 1 + r.nextInt(6));
        Tensor b = r.nextInt(10) == 0 ? null : RandomSpecs.randomTensor(r, r.nextInt(5) == 0 ? DType.FLOAT64 : dt,
                1 + r.nextInt(4), 1 + r.nextInt(4));
        boolean flip = r.nextBoolean();
        Tensor y = ledger.attempt("junk: Scipy." + (flip ? "convolve2d" : "correlate2d") + " with random mode/boundary", EITHER,
                () -> flip ? Scipy.convolve2d(a, b, mode, boundary, fill, nat) : Scipy.correlate2d(a, b, mode, boundary, fill, nat));
        if (y != null) {
            Tensor want = flip ? Scipy.convolve2d(a, b, mode, boundary, fill, oracle)
                    : Scipy.correlate2d(a, b, mode, boundary, fill, oracle);
            // both operands are full 2-D correlation terms: a tolerance for max|a| * sum|b| (scipy may swap them)
            double mag = Math.max(Math.max(Tolerance.maxAbsFinite(a), Tolerance.maxAbsFinite(b)), Double.isFinite(fill) ? Math.abs(fill) : 0)
                    * Math.max(sumAbs(a), sumAbs(b));
            ledger.compare("Scipy arrays", want, y, Tolerance.atol(want.dtype(), (long) a.size() + b.size(), mag));
        }
    }

    private static String shape(Tensor t) {
        return t == null ? "null" : t.dtype().numpyName() + java.util.Arrays.toString(t.shape());
    }

    private static double sumAbs(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) {
            s += Math.abs(t.get(i));
        }
        return s;
    }

    // ------------------------------------------------------------------------------ params

    /** {@link Params} construction and its typed getters on values of every type. */
    void params(SplittableRandom r) {
        switch (r.nextInt(6)) {
            case 0:
                ledger.attempt("Params.of: null map", INVALID, () -> Params.of(null), "params");
                return;
            case 1: {
                Map<String, Object> m = new java.util.HashMap<>();
                m.put(null, 1);
                ledger.attempt("Params: null parameter name", INVALID,
                        () -> r.nextBoolean() ? Params.of(m) : Params.builder().put(null, 1).build(), "names");
                return;
            }
            case 2: {
                Object v = new Object[] {new Object(), new float[] {1}, new StringBuilder("same"), 'c', Map.of("a", 1)}[r.nextInt(5)];
                ledger.attempt("Params: value of an unsupported type", INVALID,
                        () -> Params.builder().put("padding", v).build(), "padding");
                return;
            }
            default: {
                Params p = randomParams(r);
                for (String key : p.keys()) {
                    int n = 1 + r.nextInt(3);
                    int getter = r.nextInt(7);
                    ledger.attempt("junk: Params typed getter on a random value", EITHER, () -> {
                        switch (getter) {
                            case 0: return p.getInt(key, 0);
                            case 1: return p.getInts(key, n, null);
                            case 2: return p.getPairs(key, n);
                            case 3: return p.getString(key, "");
                            case 4: return p.getBoolean(key, false);
                            case 5: return p.getDouble(key, 0);
                            default: return p.getIntList(key, n, null);
                        }
                    }, key);
                }
                ledger.attempt("valid: Params.toString/equals", VALID, () -> p.toString() + p.equals(randomParams(r)));
                return;
            }
        }
    }


    private final Map<String, List<String>> known = new java.util.HashMap<>();

    /**
     * The parameter names {@code system} accepts, read from its refusal of an unknown one
     * ({@code "unknown parameter 'zzz' for ... (known: a, b, c)"}), so that the fuzz follows the
     * dialects as they grow. Empty when the message has no such list.
     */
    private List<String> knownKeys(String system, Dialect d) {
        return known.computeIfAbsent(system, s -> {
            try {
                d.translate(Params.builder().put("zzz", 1).build(), Tensor.zeros(DType.FLOAT32, 1, 1, 3, 3),
                        Tensor.zeros(DType.FLOAT32, 1, 1, 1, 1), null);
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                int i = m == null ? -1 : m.indexOf("(known: ");
                if (i >= 0) {
                    return List.of(m.substring(i + 8, m.indexOf(')', i)).split(", "));
                }
            }
            return List.of();
        });
    }

    /** Mostly the system's own keys with values of the right type and range; sometimes anything. */
    static Params plausibleParams(SplittableRandom r, String system, List<String> keys, CallOperands ops) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = keys.isEmpty() ? 0 : r.nextInt(Math.min(4, keys.size()) + 1);
        for (int i = 0; i < n; i++) {
            String key = keys.get(r.nextInt(keys.size()));
            m.put(key, r.nextInt(7) == 0 ? randomValue(r, 0) : plausibleValue(r, system, key, ops));
        }
        if (system.startsWith("tf") && r.nextInt(8) != 0) {
            // tf.nn has no defaults for strides and padding (and output_shape when transposed)
            String strideKey = keys.contains("stride") ? "stride" : "strides";
            m.putIfAbsent(strideKey, 1 + r.nextInt(2));
            m.putIfAbsent("padding", r.nextBoolean() ? "SAME" : "VALID");
            if (keys.contains("output_shape") && m.get(strideKey) instanceof Integer && m.get("padding") instanceof String) {
                int st = (Integer) m.get(strideKey);
                boolean same = m.get("padding").equals("SAME");
                List<Object> shape = new ArrayList<>();
                shape.add(1);
                for (int a = 0; a < ops.spatialRank; a++) {
                    shape.add(same ? ops.spatial[a] * st : (ops.spatial[a] - 1) * st + ops.k);
                }
                shape.add(ops.o);
                m.putIfAbsent("output_shape", shape);
            }
        }
        if (r.nextInt(10) == 0) {
            m.put(r.nextBoolean() ? JUNK_KEYS[r.nextInt(JUNK_KEYS.length)] : KEYS[r.nextInt(KEYS.length)], randomValue(r, 0));
        }
        return Params.of(m);
    }

    private static Object plausibleValue(SplittableRandom r, String system, String key, CallOperands ops) {
        int sr = ops.spatialRank;
        switch (key) {
            case "stride": case "strides": case "subsample": case "dilation": case "dilations": case "dilation_rate":
            case "filter_dilation":
                return r.nextBoolean() ? (Object) (1 + r.nextInt(3)) : ints(r, r.nextInt(5) == 0 ? sr + 2 : sr, 1, 3);
            case "padding": case "border_mode":
                switch (r.nextInt(4)) {
                    case 0: return new String[] {"same", "valid", "full", "half", "causal", "SAME", "VALID", "EXPLICIT"}[r.nextInt(8)];
                    case 1: return r.nextInt(3);
                    case 2: return ints(r, sr, 0, 2);
                    default: {
                        List<Object> pairs = new ArrayList<>();
                        int len = r.nextBoolean() ? sr : sr + 2;
                        for (int i = 0; i < len; i++) {
                            pairs.add(ints(r, 2, 0, 2));
                        }
                        return pairs;
                    }
                }
            case "pads": return ints(r, 2 * sr, 0, 2);
            case "groups": case "group": case "num_groups": return 1 + r.nextInt(3);
            case "padding_mode": return new String[] {"zeros", "reflect", "replicate", "circular"}[r.nextInt(4)];
            case "data_format":
                if (r.nextInt(4) != 0) { // the one that matches the operands
                    if (system.startsWith("keras")) {
                        return ops.channelsLast ? "channels_last" : "channels_first";
                    }
                    String sp = new String[] {"W", "HW", "DHW"}[Math.min(sr, 3) - 1];
                    return ops.channelsLast ? "N" + sp + "C" : "NC" + sp;
                }
                return new String[] {"channels_first", "channels_last", "NCHW", "NHWC", "NWC", "NCW", "NDHWC", "NCDHW"}[r.nextInt(8)];
            case "depth_multiplier": return 1 + r.nextInt(2);
            case "mode": return new String[] {"full", "same", "valid"}[r.nextInt(3)];
            case "boundary": return new String[] {"fill", "wrap", "symm"}[r.nextInt(3)];
            case "fillvalue": return new double[] {0, 1.5, -2}[r.nextInt(3)];
            case "filter_flip": case "bias": case "use_bias": return r.nextBoolean();
            case "auto_pad": return new String[] {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}[r.nextInt(4)];
            case "output_padding": return r.nextBoolean() ? (Object) r.nextInt(2) : ints(r, sr, 0, 1);
            case "output_shape": return ints(r, sr + 2, 1, 8);
            case "kernel_size": case "kernel_shape": return r.nextBoolean() ? ints(r, sr, ops.k, ops.k) : ops.k;
            case "filters": case "out_channels": return ops.o;
            case "in_channels": return ops.c;
            default: return randomValue(r, 0);
        }
    }

    private static List<Object> ints(SplittableRandom r, int n, int lo, int hi) {
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(lo + r.nextInt(hi - lo + 1));
        }
        return l;
    }

    static Params randomParams(SplittableRandom r) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            String key = r.nextInt(12) == 0 ? JUNK_KEYS[r.nextInt(JUNK_KEYS.length)] : KEYS[r.nextInt(KEYS.length)];
            m.put(key, randomValue(r, 0));
        }
        return Params.of(m);
    }

    static Object randomValue(SplittableRandom r, int depth) {
        switch (r.nextInt(depth > 1 ? 8 : 11)) {
            case 0: return 1 + r.nextInt(3);
            case 1: return r.nextInt(8) - 2;
            case 2: return SpecFuzz.edgeInt(r);
            case 3: return new Object[] {2.0, 2.5, Double.NaN, Double.POSITIVE_INFINITY, 1e10, -0.0, Long.MAX_VALUE, 3L,
                BigInteger.TEN.pow(30), (short) 2, 1.5f}[r.nextInt(11)];
            case 4:
            case 5: return STRINGS[r.nextInt(STRINGS.length)];
            case 6: return r.nextBoolean();
            case 7: return null;
            default: {
                int len = r.nextInt(6);
                List<Object> l = new ArrayList<>();
                boolean pairs = r.nextInt(3) == 0;
                for (int i = 0; i < len; i++) {
                    if (pairs) {
                        l.add(List.of(r.nextInt(4), r.nextInt(4)));
                    } else {
                        l.add(r.nextInt(6) == 0 ? randomValue(r, depth + 1) : r.nextInt(4));
                    }
                }
                return l;
            }
        }
    }

    // ------------------------------------------------------------------------------ operands

    /** Operands of a dialect call, and the sizes they were made with. */
    static final class CallOperands {
        final Tensor input;
        final Tensor kernel;
        final Tensor bias;
        final int spatialRank;
        final int c;
        final int o;
        final int k;
        final boolean channelsLast;
        final int[] spatial;

        CallOperands(Tensor input, Tensor kernel, Tensor bias, int spatialRank, int c, int o, int k, boolean channelsLast,
                int[] spatial) {
            this.channelsLast = channelsLast;
            this.spatial = spatial;
            this.input = input;
            this.kernel = kernel;
            this.bias = bias;
            this.spatialRank = spatialRank;
            this.c = c;
            this.o = o;
            this.k = k;
        }
    }

    /**
     * Operands for {@code system}: three times in four in the shapes and layouts the system expects
     * (so that the call has a chance to be accepted and reach the backends), otherwise in any form.
     */
    static CallOperands operands(SplittableRandom r, String system) {
        boolean coherent = r.nextInt(4) != 0;
        String lower = system.toLowerCase(java.util.Locale.ROOT);
        int sr = !coherent ? 1 + r.nextInt(3) : lower.contains("1d") ? 1 : lower.contains("3d") ? 3 : 2;
        boolean scipy = system.startsWith("scipy");
        boolean last = system.startsWith("tf") || system.startsWith("keras");
        boolean depthwise = system.toLowerCase(java.util.Locale.ROOT).contains("depthwise");
        boolean transposed = system.contains("ranspose");
        boolean biasOk = !(system.startsWith("tf") || system.startsWith("theano") || scipy);
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        int n = 1 + r.nextInt(2);
        int c = 1 + r.nextInt(4);
        int o = 1 + r.nextInt(4);
        int[] sp = new int[sr];
        int[] k = new int[sr];
        for (int a = 0; a < sr; a++) {
            sp[a] = r.nextInt(30) == 0 ? 0 : 1 + r.nextInt(sr == 3 ? 5 : 7);
            k[a] = a > 0 && r.nextInt(4) != 0 ? k[0] : 1 + r.nextInt(3);
        }
        String inForm;
        String kForm;
        if (coherent) {
            inForm = scipy ? "sp" : last ? "N+sp+C" : "NC+sp";
            kForm = scipy ? "k" : depthwise ? "k+CM" : last ? (transposed ? "k+OC" : "k+CO") : transposed ? "CO+k" : "OC+k";
        } else {
            inForm = new String[] {"NC+sp", "N+sp+C", "sp", "C+sp", "random"}[r.nextInt(5)];
            kForm = new String[] {"OC+k", "k+CO", "k+CM", "k", "random"}[r.nextInt(5)];
        }
        Tensor input = r.nextInt(30) == 0 ? null : RandomSpecs.randomTensor(r, dt, shape(r, inForm, sp, n, c, c));
        DType kdt = r.nextInt(8) == 0 ? (dt == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32) : dt;
        int cg = r.nextInt(3) == 0 && c > 1 ? 1 : c;
        Tensor kernel = r.nextInt(30) == 0 ? null : RandomSpecs.randomTensor(r, kdt, shape(r, kForm, k, o, cg, o));
        Tensor bias = null;
        int b = r.nextInt(coherent && !biasOk ? 24 : 6);
        if (b == 0 || b == 3 && coherent) {
            bias = RandomSpecs.randomTensor(r, r.nextInt(6) == 0 ? kdt : dt, depthwise ? c * (1 + r.nextInt(2)) : o);
        } else if (b == 1) {
            bias = RandomSpecs.randomTensor(r, dt, 1 + r.nextInt(6));
        } else if (b == 2) {
            bias = RandomSpecs.randomTensor(r, dt, 1, o);
        }
        return new CallOperands(input, kernel, bias, sr, c, o, k[0], last, sp);
    }

    private static int[] shape(SplittableRandom r, String form, int[] sp, int lead, int second, int last) {
        int sr = sp.length;
        int[] s;
        switch (form) {
            case "CO+k": // transposed, channels first: [in, out/groups, k...]
                s = new int[sr + 2];
                s[0] = second;
                s[1] = lead;
                System.arraycopy(sp, 0, s, 2, sr);
                return s;
            case "k+OC": // transposed, channels last: [k..., out, in]
                s = new int[sr + 2];
                System.arraycopy(sp, 0, s, 0, sr);
                s[sr] = last;
                s[sr + 1] = second;
                return s;
            case "NC+sp": case "OC+k":
                s = new int[sr + 2];
                s[0] = lead;
                s[1] = second;
                System.arraycopy(sp, 0, s, 2, sr);
                return s;
            case "N+sp+C":
                s = new int[sr + 2];
                s[0] = lead;
                System.arraycopy(sp, 0, s, 1, sr);
                s[sr + 1] = second;
                return s;
            case "k+CO": case "k+CM":
                s = new int[sr + 2];
                System.arraycopy(sp, 0, s, 0, sr);
                s[sr] = second;
                s[sr + 1] = form.equals("k+CM") ? 1 + r.nextInt(2) : last;
                return s;
            case "sp": case "k":
                return sp.clone();
            case "C+sp":
                s = new int[sr + 1];
                s[0] = second;
                System.arraycopy(sp, 0, s, 1, sr);
                return s;
            default:
                s = new int[r.nextInt(6)];
                for (int i = 0; i < s.length; i++) {
                    s[i] = r.nextInt(5);
                }
                return s;
        }
    }
}
