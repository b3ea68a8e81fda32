package org.jconv.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.plan.ConvPlan;
import org.jconv.testing.RandomProblem;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native backend against the pure-Java oracle on randomized small problems: every border mode
 * (pads wider than the input included), asymmetric pads, strides, dilations, groups and depthwise,
 * batch, both dtypes, both layouts, every kernel layout, flip, bias. Each problem is one reported test.
 * Heap arrays and direct buffers are both checked; outputs are pre-filled with NaN so an element the
 * native code forgot to write cannot pass.
 */
class NativeVsJavaTest {
    private static final long SEED = 20261125L;
    private static final int COUNT = 2000;
    private static final Map<String, Integer> ALGORITHMS = new TreeMap<>();

    static Stream<RandomProblem> problems() {
        return RandomSpecs.stream(SEED, COUNT);
    }

    @BeforeAll
    static void nativeLoads() {
        assertTrue(Backends.nativeAvailable(), () -> "native backend must load in the test build: "
                + Backends.nativeLoadFailure());
    }

    @AfterAll
    static void everyAlgorithmWasExercised() {
        System.out.println("NativeVsJavaTest: native algorithms exercised " + ALGORITHMS);
        assertTrue(ALGORITHMS.size() >= 2, "expected several native algorithms to be exercised: " + ALGORITHMS);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("problems")
    void nativeMatchesOracle(RandomProblem p) {
        Backend nat = Backends.nativeBackend();
        Tensor expected;
        try (ConvPlan oracle = Backends.reference().plan(p.geometry(), p.kernel(), p.bias())) {
            expected = oracle.run(p.input());
        }
        double atol = Tolerance.atol(p.geometry(), p.input(), p.kernel(), p.bias());
        try (ConvPlan plan = nat.plan(p.geometry(), p.kernel(), p.bias())) {
            synchronized (ALGORITHMS) {
                ALGORITHMS.merge(plan.algorithm(), 1, Integer::sum);
            }
            Tensor heap = Tensor.zeros(p.spec().dtype(), p.geometry().outputShape());
            for (int i = 0; i < heap.size(); i++) {
                heap.set(i, Double.NaN);
            }
            if (p.spec().dtype() == DType.FLOAT32) {
                plan.run(p.input().floats(), heap.floats());
            } else {
                plan.run(p.input().doubles(), heap.doubles());
            }
            Tolerance.assertClose(expected, heap, atol, p.description() + " [native, heap arrays, " + plan.algorithm() + "]");

            // Run twice more through direct buffers: a second run must not depend on workspace leftovers.
            for (int rep = 0; rep < 2; rep++) {
                Tensor direct = runDirect(plan, p.input());
                Tolerance.assertClose(expected, direct, atol,
                        p.description() + " [native, direct buffers, run " + (rep + 1) + ", " + plan.algorithm() + "]");
            }
        }
    }

    private static Tensor runDirect(ConvPlan plan, Tensor input) {
        int nIn = input.size();
        int nOut = (int) plan.geometry().outputElements();
        Tensor out = Tensor.zeros(input.dtype(), plan.geometry().outputShape());
        if (input.dtype() == DType.FLOAT32) {
            // offset position 3 so that buffer positions are honoured
            FloatBuffer in = ByteBuffer.allocateDirect((nIn + 3) * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            FloatBuffer o = ByteBuffer.allocateDirect((nOut + 3) * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            in.position(3);
            in.put(input.floats());
            in.position(3);
            for (int i = 0; i < nOut + 3; i++) {
                o.put(i, Float.NaN);
            }
            o.position(3);
            plan.run(in, o);
            assertEquals(3, o.position(), "run must not move the output position");
            o.get(out.floats());
            for (int i = 0; i < 3; i++) {
                assertTrue(Float.isNaN(o.get(i)), "run wrote before the output position");
            }
        } else {
            DoubleBuffer in = ByteBuffer.allocateDirect((nIn + 3) * 8).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            DoubleBuffer o = ByteBuffer.allocateDirect((nOut + 3) * 8).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            in.position(3);
            in.put(input.doubles());
            in.position(3);
            for (int i = 0; i < nOut + 3; i++) {
                o.put(i, Double.NaN);
            }
            o.position(3);
            plan.run(in, o);
            assertEquals(3, o.position(), "run must not move the output position");
            o.get(out.doubles());
            for (int i = 0; i < 3; i++) {
                assertTrue(Double.isNaN(o.get(i)), "run wrote before the output position");
            }
        }
        return out;
    }
}
