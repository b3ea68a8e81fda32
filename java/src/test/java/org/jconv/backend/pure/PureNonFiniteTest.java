package org.jconv.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvSpec;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NaN and infinities: wherever they sit (input, weight, bias, the constant fill), each output must
 * be exactly what the oracle gives: NaN where it has NaN, the same infinity where it has one. In the
 * ordinary form padded values take part in the products (0 * Inf = NaN at the border); in the gather
 * form of a transposed convolution padding and inserted zeros take part in no product, which the
 * GEMM formulation can only honour for finite weights: those plans must fall back to the reference.
 */
class PureNonFiniteTest {
    private static final long SEED = 20261127L;
    private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /** Where the non-finite value goes. */
    enum Site { INPUT, WEIGHT, BIAS }

    /** Poisoned cases with every algorithm that applies, or "chosen" where only the reference may run. */
    static Stream<Arguments> poisoned() {
        return Stream.of(PureCase.Shape.ANY, PureCase.Shape.IMAGE, PureCase.Shape.DEPTHWISE, PureCase.Shape.ONE_BY_ONE,
                PureCase.Shape.TRANSPOSED_FORM)
                .flatMap(shape -> IntStream.range(0, 50).boxed().flatMap(i -> {
                    PureCase c = PureCase.derive(SEED, i, shape);
                    SplittableRandom rnd = new SplittableRandom(SEED + i * 7 + shape.ordinal());
                    Site site = Site.values()[rnd.nextInt(c.bias == null ? 2 : 3)];
                    Tensor t = site == Site.INPUT ? c.input : site == Site.WEIGHT ? c.kernel : c.bias;
                    t.set(rnd.nextInt(t.size()), SPECIALS[rnd.nextInt(SPECIALS.length)]);
                    Problem p = Problem.of(c.geometry);
                    if (site == Site.WEIGHT && p.hasHoles()) {
                        return Stream.of(Arguments.of(site, "chosen", c));
                    }
                    return Algorithms.ORDER.stream().filter(a -> a.applies(p)).map(a -> Arguments.of(site, a.name(), c));
                }));
    }

    @ParameterizedTest(name = "[{index}] {0}, {1}: {2}")
    @MethodSource("poisoned")
    void nonFiniteValuesPropagateAsInTheOracle(Site site, String algorithm, PureCase c) {
        Tensor expected = OracleCheck.expected(c);
        Problem p = Problem.of(c.geometry);
        Weights w = Weights.of(c.geometry, c.kernel, c.bias);
        ConvPlan plan;
        if (algorithm.equals("chosen")) {
            plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias);
            assertEquals("direct", plan.algorithm(), "a non-finite weight over holes needs the reference loop");
        } else {
            plan = PureJavaBackend.plan(p, w, Algorithms.ORDER.stream().filter(a -> a.name().equals(algorithm)).findFirst()
                    .orElseThrow(), 1);
            try (ConvPlan chosen = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
                assertNotEquals("direct", chosen.algorithm(), "only non-finite weights over holes need the reference loop");
            }
        }
        try (plan) {
            OracleCheck.allEntryPoints(plan, c, expected);
        }
    }

    @Test
    void infiniteWeightTimesZeroPaddingIsNaNAtTheBorder() {
        // 'same' 3x3 with zero padding: the corner outputs read padding at the Inf tap: 0 * Inf = NaN
        ConvSpec spec = ConvSpec.builder(2).pad(1).build();
        PureCase c = PurePlanTest.problem(spec.toBuilder(), 1, 1, 1, 1, 8, 3);
        c.kernel.set(0, Double.POSITIVE_INFINITY); // tap (0, 0): reads row -1 / column -1 for the first row and column
        Tensor expected = OracleCheck.expected(c);
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
            Tensor y = plan.run(c.input);
            assertTrue(Double.isNaN(y.get(0)), "corner output must be NaN (0 * Inf), got " + y.get(0));
            Tolerance.compare(expected, y, c.atol()).assertOk("Inf weight over zero padding");
        }
    }

    @Test
    void nanFillReachesEveryOutputThatReadsTheBorder() {
        ConvSpec spec = ConvSpec.builder(2).pad(1).border(BorderMode.CONSTANT, Double.NaN).build();
        for (DType dt : DType.values()) {
            for (int channels : new int[] {1, 3}) {
                PureCase c = PurePlanTest.problem(spec.toBuilder().dtype(dt), 1, channels, 2, 1, 7, 3);
                Tensor expected = OracleCheck.expected(c);
                try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
                    Tensor y = plan.run(c.input);
                    assertTrue(Double.isNaN(y.get(0)), plan.algorithm() + ": border output must be NaN");
                    assertTrue(Double.isFinite(y.get(8)), plan.algorithm() + ": interior output must be finite");
                    Tolerance.compare(expected, y, c.atol()).assertOk("NaN fill, " + plan.algorithm());
                }
            }
        }
    }

    @Test
    void transposedWithFiniteWeightsKeepsTheFastPath() {
        ConvSpec spec = ConvSpec.builder(2).pad(1).inputDilation(2).transposed(true).build();
        PureCase c = PurePlanTest.problem(spec.toBuilder(), 1, 4, 3, 1, 6, 3);
        c.input.set(5, Double.NaN); // a NaN sample is a real product: it spreads as in the scatter
        Tensor expected = OracleCheck.expected(c);
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
            assertNotEquals("direct", plan.algorithm());
            OracleCheck.allEntryPoints(plan, c, expected);
        }
    }
}
