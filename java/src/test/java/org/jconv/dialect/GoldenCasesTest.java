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
 * Every case of the public golden data (2-D, 1-D, 3-D and transposed) through its dialect on the
 * pure-Java backend: the output shape must be the reference's and every element within the case's
 * atol (rtol 0); an error case must be refused by the translation (a {@link DialectRefusal}),
 * before anything is computed.
 */
class GoldenCasesTest {
    /** The public set today; a drop means cases were lost, a rise that this count needs a look. */
    private static final int CASES = 269;
    private static final int ERROR_CASES = 13;

    static Stream<GoldenCase> computedCases() {
        return GoldenCase.all().stream().filter(c -> !c.isError());
    }

    static Stream<GoldenCase> errorCases() {
        return GoldenCase.all().stream().filter(GoldenCase::isError);
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
        assertEquals(c.isTransposed(), call.spec().transposed(), c.id + ": tag transposed <=> canonical transposed form");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCases")
    void refusesWhatTheReferenceRefuses(GoldenCase c) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::translate,
                c.id + " should be refused like " + c.expectedErrorMessage());
        assertTrue(e instanceof DialectRefusal, c.id + ": a refusal of the reference system should be a "
                + "DialectRefusal, got " + e);
    }

    /** The refusals that carry the reference's own words say them (the golden message is informational). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCases")
    void refusalsQuoteTheReference(GoldenCase c) {
        String golden = c.expectedErrorMessage();
        String ours = assertThrows(DialectRefusal.class, c::translate).getMessage();
        // the first clause of the reference's message (TF appends node details jconv does not have)
        String head = golden.substring(golden.indexOf(": ") + 2).split(" for '|\\(|, but got")[0].trim();
        if (c.system.equals("keras.layers.Conv2DTranspose") && c.raw.get("note").toString().contains(">= strides")) {
            head = "`output_padding` must be strictly less than `strides`"; // jconv refuses it before the op
        }
        assertTrue(ours.contains(head), c.id + ": \"" + head + "\" not in " + ours);
    }

    @Test
    void everyCaseIsCounted() {
        List<GoldenCase> all = GoldenCase.all();
        assertEquals(CASES, all.size(), "public golden cases");
        assertEquals(ERROR_CASES, errorCases().count(), "error cases");
        assertEquals(CASES - ERROR_CASES, computedCases().count(), "computed cases");
        assertEquals(65, all.stream().filter(c -> c.tags().contains("1d") || c.tags().contains("3d") || c.isTransposed())
                .count(), "1-D, 3-D and transposed cases");
    }
}
