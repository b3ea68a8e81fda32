package org.jconv.dialect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.jconv.Tensor;
import org.jconv.backend.Backends;
import org.jconv.testing.Comparison;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every 2-D case of the public golden data (no tag 1d, 3d or transposed) through its dialect on the
 * pure-Java backend: the output shape must be the reference's and every element within the case's
 * atol (rtol 0); an error case must be refused by the translation (an IllegalArgumentException,
 * normally a {@link DialectRefusal}), before anything is computed.
 */
class GoldenCasesTest {

    static Stream<GoldenCase> computedCases() {
        return GoldenCase.twoD().stream().filter(c -> !c.isError());
    }

    static Stream<GoldenCase> errorCases() {
        return GoldenCase.twoD().stream().filter(GoldenCase::isError);
    }

    static Stream<GoldenCase> laterCases() {
        return GoldenCase.all().stream().filter(c -> !c.is2d());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("computedCases")
    void reproducesTheReference(GoldenCase c) {
        DialectCall call = c.translate();
        assertEquals(c.raw.get("dtype"), call.spec().dtype().numpyName(), c.id + ": computation dtype");
        Tensor actual = call.run(Backends.java());
        Tensor expected = c.expected();
        assertArrayEquals(c.outputShape(), actual.shape(), c.id + ": output shape");
        Comparison cmp = Tolerance.compare(expected, actual, c.atol(), c.rtol());
        cmp.assertOk(c.id + " (" + call.explain() + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCases")
    void refusesWhatTheReferenceRefuses(GoldenCase c) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::translate,
                c.id + " should be refused like " + c.expectedErrorMessage());
        assertTrue(e instanceof DialectRefusal, c.id + ": a refusal of the reference system should be a "
                + "DialectRefusal, got " + e);
    }

    /** The other cases are known systems that say "not supported yet" (or, for ONNX, on 1-D/3-D inputs). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("laterCases")
    void laterCasesAreNotSupportedYet(GoldenCase c) {
        Dialects.forSystem(c.system); // known
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, c::translate);
        assertTrue(e.getMessage().startsWith("not supported yet: "), e.getMessage());
    }

    @Test
    void everyCaseIsCounted() {
        List<GoldenCase> all = GoldenCase.all();
        long twoD = GoldenCase.twoD().size();
        assertEquals(all.size(), twoD + laterCases().count());
        // the public set: 204 2-D cases (197 computed, 7 refusals); a drop means cases were lost
        assertEquals(204, twoD, "2-D golden cases");
        assertEquals(7, errorCases().count(), "2-D error cases");
    }
}
