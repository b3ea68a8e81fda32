package org.jconv.backend.pure;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jconv.Tensor;
import org.jconv.plan.ConvPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against the oracle on randomized problems, one reported test per problem:
 * <ul>
 * <li>the algorithm the backend chooses, on {@link org.jconv.testing.RandomSpecs}' problems (every
 *     border mode, wide and asymmetric pads, strides, dilations, groups, both dtypes and layouts,
 *     every kernel layout, flip, bias) and on problems reshaped for each algorithm and for the
 *     gather form of transposed convolutions (input dilation, crops, the transposed flag), through
 *     heap arrays, direct buffers and heap buffers at offsets;</li>
 * <li>every algorithm forced on every problem it applies to;</li>
 * <li>every algorithm cut into work units as for 4 threads, the units computed in three separate
 *     ranges with separate workspaces (what the team of worker threads does);</li>
 * <li>tiny tiles, K blocks and bands, so that every boundary falls at odd places.</li>
 * </ul>
 * Afterwards each algorithm must have been chosen and forced on enough problems.
 */
class PureVsOracleTest {
    private static final long SEED = 20261126L;
    private static final int RANDOM = 1200;
    private static final int PER_SHAPE = 200;
    private static final Map<String, Integer> CHOSEN = new TreeMap<>();
    private static final Map<String, Integer> FORCED = new TreeMap<>();

    static Stream<PureCase> cases() {
        Stream<PureCase> any = IntStream.range(0, RANDOM).mapToObj(i -> PureCase.derive(SEED, i, PureCase.Shape.ANY));
        Stream<PureCase> shaped = Stream.of(PureCase.Shape.IMAGE, PureCase.Shape.DEPTHWISE, PureCase.Shape.ONE_BY_ONE,
                PureCase.Shape.TRANSPOSED_FORM)
                .flatMap(s -> IntStream.range(0, PER_SHAPE).mapToObj(i -> PureCase.derive(SEED + 1, i, s)));
        return Stream.concat(any, shaped);
    }

    static Stream<Arguments> applicable() {
        List<Arguments> list = new ArrayList<>();
        Stream.concat(IntStream.range(0, 300).mapToObj(i -> PureCase.derive(SEED + 2, i, PureCase.Shape.ANY)),
                Stream.of(PureCase.Shape.IMAGE, PureCase.Shape.DEPTHWISE, PureCase.Shape.ONE_BY_ONE,
                        PureCase.Shape.TRANSPOSED_FORM)
                        .flatMap(s -> IntStream.range(0, 100).mapToObj(i -> PureCase.derive(SEED + 3, i, s))))
                .forEach(c -> {
                    Problem p = Problem.of(c.geometry);
                    for (Algorithm a : Algorithms.ORDER) {
                        if (a.applies(p)) {
                            list.add(Arguments.of(a.name(), c));
                        }
                    }
                });
        return list.stream();
    }

    static Stream<PureCase> smallTileCases() {
        return Stream.of(PureCase.Shape.ANY, PureCase.Shape.IMAGE, PureCase.Shape.DEPTHWISE, PureCase.Shape.ONE_BY_ONE,
                PureCase.Shape.TRANSPOSED_FORM)
                .flatMap(s -> IntStream.range(0, 80).mapToObj(i -> PureCase.derive(SEED + 4, i, s)));
    }

    @AfterAll
    static void everyAlgorithmWasExercised() {
        System.out.println("PureVsOracleTest: chosen " + CHOSEN + ", forced " + FORCED);
        // these problems are small, so the choice is mostly direct-small (the choice on realistic
        // sizes is PureAlgorithmChoiceTest's); every algorithm must have run on many of them
        assertTrue(CHOSEN.getOrDefault(SmallDirect.INSTANCE.name(), 0) >= 50, () -> "direct-small chosen too rarely: " + CHOSEN);
        for (Algorithm a : Algorithms.ORDER) {
            assertTrue(FORCED.getOrDefault(a.name(), 0) >= 50, () -> a.name() + " was forced too rarely: " + FORCED);
        }
    }

    private static void count(Map<String, Integer> m, String name) {
        synchronized (m) {
            m.merge(name, 1, Integer::sum);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void chosenAlgorithmMatchesOracle(PureCase c) {
        Tensor expected = OracleCheck.expected(c);
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
            count(CHOSEN, plan.algorithm());
            OracleCheck.allEntryPoints(plan, c, expected);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} on {1}")
    @MethodSource("applicable")
    void everyApplicableAlgorithmMatchesOracle(String algorithm, PureCase c) {
        Problem p = Problem.of(c.geometry);
        Algorithm a = Algorithms.ORDER.stream().filter(x -> x.name().equals(algorithm)).findFirst().orElseThrow();
        Tensor expected = OracleCheck.expected(c);
        try (ConvPlan plan = PureJavaBackend.plan(p, Weights.of(c.geometry, c.kernel, c.bias), a, 1)) {
            count(FORCED, plan.algorithm());
            OracleCheck.allEntryPoints(plan, c, expected);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} on {1}")
    @MethodSource("applicable")
    void unitsComputedInSeparateRangesMatchOracle(String algorithm, PureCase c) {
        Problem p = Problem.of(c.geometry);
        Algorithm a = Algorithms.ORDER.stream().filter(x -> x.name().equals(algorithm)).findFirst().orElseThrow();
        Engine e = a.prepare(p, Weights.of(c.geometry, c.kernel, c.bias), 4);
        Tensor y = OracleCheck.nanFilled(c.spec.dtype(), c.geometry.outputShape());
        int units = e.units();
        int parts = Math.min(3, units);
        for (int part = 0; part < parts; part++) {
            int u0 = units * part / parts;
            int u1 = units * (part + 1) / parts;
            Workspace ws = e.newWorkspace();
            if (c.spec.dtype() == org.jconv.DType.FLOAT32) {
                e.runF(c.input.floats(), 0, y.floats(), 0, ws, u0, u1);
            } else {
                e.runD(c.input.doubles(), 0, y.doubles(), 0, ws, u0, u1);
            }
        }
        org.jconv.testing.Tolerance.assertClose(OracleCheck.expected(c), y, c.atol(),
                c.description + " [" + algorithm + ", " + units + " units in " + parts + " ranges]");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("smallTileCases")
    void smallTilesMatchOracle(PureCase c) {
        Tensor expected = OracleCheck.expected(c);
        // 5-pixel tiles, 4-row K blocks (budget 10 / 5 pixels, raised to the minimum of 4), 7-element bands, 3-column segments of 2 column taps per pass
        Tiling.override(5, 10, 7, 3, 6);
        ConvPlan plan;
        try {
            plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias);
        } finally {
            Tiling.override(0, 0, 0, 0, 0);
        }
        try (plan) {
            OracleCheck.heapOnly(plan, c, expected);
        }
    }
}
