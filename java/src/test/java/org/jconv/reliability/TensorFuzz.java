package org.jconv.reliability;

import static org.jconv.reliability.FuzzLedger.Expect.EITHER;
import static org.jconv.reliability.FuzzLedger.Expect.INVALID;
import static org.jconv.reliability.FuzzLedger.Expect.VALID;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backends;

/**
 * The fuzz of {@link Tensor}'s factories and shape operations, {@link DType#parse} and
 * {@link Backends#byName}: null data, negative sizes, lengths that do not match the shape, shapes
 * whose element count overflows, ragged and empty 2-D arrays.
 */
final class TensorFuzz {
    private final FuzzLedger ledger;

    TensorFuzz(FuzzLedger ledger) {
        this.ledger = ledger;
    }

    private static int[] randomShape(SplittableRandom r, boolean edgy) {
        int[] s = new int[r.nextInt(6)];
        for (int i = 0; i < s.length; i++) {
            s[i] = edgy && r.nextInt(4) == 0 ? SpecFuzz.edgeInt(r) : r.nextInt(5);
        }
        return s;
    }

    void run(SplittableRandom r) {
        switch (r.nextInt(14)) {
            case 0: {
                int[] s = randomShape(r, false);
                long n = Tensor.elementCount(s);
                boolean f32 = r.nextBoolean();
                Tensor t = ledger.attempt("valid: Tensor.of(array, shape)", VALID,
                        () -> f32 ? Tensor.of(new float[(int) n], s) : Tensor.of(new double[(int) n], s));
                if (t != null && (!Arrays.equals(t.shape(), s) || t.size() != n)) {
                    ledger.fail("valid: Tensor.of(array, shape)", "shape or size wrong: " + t, null);
                }
                return;
            }
            case 1: {
                int[] s = randomShape(r, true);
                int len = r.nextInt(30);
                boolean f32 = r.nextBoolean();
                ledger.attempt("junk: Tensor.of(array, random shape)", EITHER,
                        () -> f32 ? Tensor.of(new float[len], s) : Tensor.of(new double[len], s));
                return;
            }
            case 2:
                ledger.attempt("Tensor.of: null data", INVALID,
                        () -> r.nextBoolean() ? Tensor.of((float[]) null, 2) : Tensor.of((double[]) null, 2), "data");
                return;
            case 3:
                ledger.attempt("Tensor.of: null shape", INVALID, () -> Tensor.of(new float[1], (int[]) null), "shape");
                return;
            case 4: {
                int v = -1 - r.nextInt(100);
                ledger.attempt("Tensor.of/zeros: negative size", INVALID,
                        () -> r.nextBoolean() ? Tensor.zeros(DType.FLOAT32, 2, v) : Tensor.of(new double[4], 4, v),
                        "negative", String.valueOf(v));
                return;
            }
            case 5: {
                int n = 2 + r.nextInt(10);
                int len = r.nextBoolean() ? n - 1 : n + 1;
                ledger.attempt("Tensor.of: data length differs from the shape's element count", INVALID,
                        () -> Tensor.of(new float[len], n), "length", String.valueOf(len));
                return;
            }
            case 6: {
                int[] s = {46341, 46341};
                ledger.attempt("Tensor.zeros: more elements than a Java array holds", INVALID,
                        () -> Tensor.zeros(DType.FLOAT32, s), "elements", String.valueOf(46341L * 46341));
                return;
            }
            case 7: {
                int[] s = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 7};
                ledger.attempt("Tensor.of: shape whose element count overflows 64 bits", INVALID,
                        () -> Tensor.of(new float[7], s), "shape");
                return;
            }
            case 8:
                ledger.attempt("Tensor.zeros: null dtype", INVALID, () -> Tensor.zeros(null, 2), "dtype");
                return;
            case 9: {
                int which = r.nextInt(4);
                String kind = new String[] {"null array", "no rows", "a null row", "ragged rows"}[which];
                ledger.attempt("Tensor.of(double[][]): " + kind, INVALID, () -> {
                    double[][] m;
                    switch (which) {
                        case 0: m = null; break;
                        case 1: m = new double[0][]; break;
                        case 2: m = new double[][] {{1, 2}, null}; break;
                        default: m = new double[][] {{1, 2}, {3}}; break;
                    }
                    return r.nextBoolean() ? Tensor.of(m) : Tensor.of(toFloat(m));
                }, which == 0 ? "array" : which == 1 ? "row" : which == 2 ? "row 1" : "ragged");
                return;
            }
            case 10: {
                Tensor t = Tensor.zeros(DType.FLOAT64, 2, 3);
                int[] s = randomShape(r, true);
                boolean fits = Tensor.elementCount(s) == 6 && java.util.Arrays.stream(s).allMatch(d -> d >= 0);
                ledger.attempt("junk: Tensor.reshape to a random shape", fits ? VALID : EITHER,
                        () -> t.reshape(s));
                return;
            }
            case 11: {
                Tensor t = Tensor.zeros(DType.FLOAT32, 2, 3, 1);
                int[] axes = randomShape(r, true);
                boolean perm = axes.length == 3 && Arrays.equals(sorted(axes), new int[] {0, 1, 2});
                ledger.attempt(perm ? "valid: Tensor.transpose" : "Tensor.transpose: not a permutation of the axes",
                        perm ? VALID : INVALID, () -> t.transpose(axes), "axes");
                return;
            }
            case 12: {
                String[] names = {"float32", "f8", "<f4", "double", "int32", "float16", "", "FLOAT32", "<i8", "complex64", null};
                String name = names[r.nextInt(names.length)];
                boolean ok = name != null && Arrays.asList("float32", "f8", "<f4", "double").contains(name);
                ledger.attempt(ok ? "valid: DType.parse" : "DType.parse: unsupported or null name", ok ? VALID : INVALID,
                        () -> DType.parse(name), "dtype");
                return;
            }
            default: {
                String[] names = {"java", "JAVA", "auto", "native", "gpu", "", null};
                String name = names[r.nextInt(names.length)];
                boolean ok = name != null && !name.equals("gpu") && !name.isEmpty();
                ledger.attempt(ok ? "valid: Backends.byName" : "Backends.byName: unknown or null name", ok ? VALID : INVALID,
                        () -> Backends.byName(name), "backend");
                return;
            }
        }
    }

    private static int[] sorted(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    private static float[][] toFloat(double[][] m) {
        if (m == null) {
            return null;
        }
        float[][] f = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            if (m[i] != null) {
                f[i] = new float[m[i].length];
            }
        }
        return f;
    }
}
