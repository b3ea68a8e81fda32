package org.jconv.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-axis padding rules against the worked examples of SEMANTICS.md. */
class AxisPadsTest {

    /** Section 4: "n=8, k=3, s=2 -> (0, 1); n=7, k=3, s=2 -> (1, 1); n=10, k=4, s=3 -> (1, 2); k=1, s=3 -> (0, 0); n=8, k=4, s=1 -> (1, 2)". */
    @ParameterizedTest(name = "TF SAME n={0} k={1} s={2} d={3} -> ({4}, {5})")
    @CsvSource({
        "8, 3, 2, 1, 0, 1",
        "7, 3, 2, 1, 1, 1",
        "10, 4, 3, 1, 1, 2",
        "9, 1, 3, 1, 0, 0",
        "10, 1, 3, 1, 0, 0",
        "8, 4, 1, 1, 1, 2",
        "8, 3, 1, 2, 2, 2",     // dilated 3x3 is 5 wide
        "9, 2, 1, 2, 1, 1",     // dilated 2 -> dk 3
        "5, 1, 3, 1, 0, 0",     // negative total (dk < s) counts as 0
        "3, 5, 1, 1, 2, 2",     // kernel larger than the input: SAME still pads
    })
    void tfSame(int n, int k, int s, int d, int before, int after) {
        assertEquals(new AxisPads(before, after), AxisPads.tfSame(n, k, s, d));
    }

    /** Section 6: SAME_LOWER has the TF total with the extra at the beginning. */
    @ParameterizedTest(name = "ONNX SAME_LOWER n={0} k={1} s={2} d={3} -> ({4}, {5})")
    @CsvSource({
        "8, 4, 1, 1, 2, 1",
        "8, 3, 2, 1, 1, 0",
        "7, 3, 2, 1, 1, 1",
        "10, 4, 3, 1, 2, 1",
        "4, 2, 3, 1, 1, 0",
        "5, 1, 3, 1, 0, 0",
    })
    void onnxSameLower(int n, int k, int s, int d, int before, int after) {
        assertEquals(new AxisPads(before, after), AxisPads.onnxSameLower(n, k, s, d));
    }

    /** Section 3: total d(k-1), the extra at the end. */
    @ParameterizedTest(name = "torch same k={0} d={1} -> ({2}, {3})")
    @CsvSource({
        "3, 1, 1, 1",
        "4, 1, 1, 2",
        "2, 1, 0, 1",
        "3, 2, 2, 2",
        "2, 3, 1, 2",
        "4, 2, 3, 3",
        "1, 5, 0, 0",
    })
    void torchSame(int k, int d, int before, int after) {
        assertEquals(new AxisPads(before, after), AxisPads.torchSame(k, d));
    }

    /** Section 2: convolve2d (k/2, (k-1)/2), correlate2d ((k-1)/2, k/2): they differ for even k only. */
    @ParameterizedTest(name = "scipy same k={0}: convolve2d ({1}, {2}), correlate2d ({3}, {4})")
    @CsvSource({
        "1, 0, 0, 0, 0",
        "2, 1, 0, 0, 1",
        "3, 1, 1, 1, 1",
        "4, 2, 1, 1, 2",
        "5, 2, 2, 2, 2",
        "6, 3, 2, 2, 3",
    })
    void scipySame(int k, int cb, int ca, int rb, int ra) {
        assertEquals(new AxisPads(cb, ca), AxisPads.scipySame(k, true));
        assertEquals(new AxisPads(rb, ra), AxisPads.scipySame(k, false));
    }

    /** Section 5: 'half' is (dk/2, dk/2) on the dilated kernel; an even kernel gives n + 1 outputs (seed B: 50, k 8 -> 51). */
    @ParameterizedTest(name = "Theano half n={0} k={1} d={2} -> pad {3}, output {4}")
    @CsvSource({
        "50, 8, 1, 4, 51",
        "7, 3, 1, 1, 7",
        "8, 4, 1, 2, 9",
        "9, 3, 2, 2, 9",
        "8, 2, 2, 1, 8",
    })
    void theanoHalf(int n, int k, int d, int pad, int out) {
        AxisPads p = AxisPads.theanoHalf(k, d);
        assertEquals(AxisPads.symmetric(pad), p);
        assertEquals(out, n + p.total() - AxisPads.dilated(k, d) + 1);
    }

    @ParameterizedTest(name = "full k={0} d={1} -> {2}")
    @CsvSource({"3, 1, 2", "4, 1, 3", "3, 2, 4", "1, 1, 0"})
    void full(int k, int d, int pad) {
        assertEquals(AxisPads.symmetric(pad), AxisPads.full(k, d));
    }

    @Test
    void padsAreNonNegative() {
        assertThrows(IllegalArgumentException.class, () -> new AxisPads(-1, 0));
        assertEquals("(1, 2)", new AxisPads(1, 2).toString());
        assertEquals(3, new AxisPads(1, 2).total());
    }
}
