package org.jconv.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-axis (head, out) rules of SEMANTICS.md section 3.1, on worked examples. */
class TransposedAxisTest {

    @ParameterizedTest(name = "n={0} k={1} s={2} d={3} padding={4} output_padding={5} -> ({6}, {7})")
    @CsvSource({
        // out = (n-1)s - 2p + d(k-1) + op + 1, head = p
        "4, 3, 2, 1, 1, 1, 1, 8",
        "5, 3, 2, 1, 0, 0, 0, 11",
        "4, 3, 1, 2, 2, 0, 2, 4",
        "8, 4, 2, 1, 1, 0, 1, 16",
        "3, 1, 3, 1, 0, 2, 0, 9",
    })
    void torch(int n, int k, int s, int d, int p, int op, int head, int out) {
        assertEquals(new TransposedAxis(head, out), TransposedAxis.torch(n, k, s, d, p, op));
    }

    @Test
    void torchOutputCanBeTooSmall() {
        assertEquals(-1, TransposedAxis.torchOut(1, 1, 1, 1, 1, 0)); // torch refuses: "Output size is too small"
        assertThrows(IllegalArgumentException.class, () -> TransposedAxis.torch(1, 1, 1, 1, 1, 0));
    }

    /** Keras's size table: 'valid' (n-1)s + max(dk, s) or + dk + op; 'same' n*s or (n-1)s + dk%2 + op. */
    @ParameterizedTest(name = "n={0} k={1} s={2} d={3} {4} output_padding={5} -> {6}")
    @CsvSource({
        "4, 3, 2, 1, valid, None, 9",
        "4, 3, 2, 1, same, None, 8",
        "4, 3, 2, 1, valid, 1, 10",
        "4, 3, 2, 1, same, 0, 7",
        "4, 3, 2, 1, same, 1, 8",
        "4, 2, 3, 1, valid, None, 12",
        "4, 2, 3, 1, same, None, 12",
        "4, 4, 2, 1, same, 0, 6",
        "4, 3, 1, 2, valid, None, 8",
        "4, 3, 1, 2, same, 0, 4",
        "3, 3, 3, 1, valid, 2, 11",
    })
    void kerasOutputSize(int n, int k, int s, int d, String padding, String op, long out) {
        Integer outputPadding = op.equals("None") ? null : Integer.valueOf(op);
        assertEquals(out, TransposedAxis.kerasOut(n, k, s, d, padding.equals("same"), outputPadding));
    }

    /**
     * tf.nn.conv2d_transpose: head = the forward conv's before-pad on out; accepted only when the
     * forward conv maps out back to n. SAME k=3 s=2 n=4: out 7 (pads (1, 1), head 1) and 8 (pads
     * (0, 1), head 0) are accepted, 6 and 9 are not (the forward conv gives 3 and 5). VALID: (n-1)s + dk <= out < ns + dk.
     */
    @ParameterizedTest(name = "{0} n={1} k={2} s={3} out={4}")
    @CsvSource({
        "SAME, 4, 3, 2, 7, 1, true",
        "SAME, 4, 3, 2, 8, 0, true",
        "SAME, 4, 3, 2, 6, 0, false",
        "SAME, 4, 3, 2, 9, 1, false",
        "SAME, 4, 4, 2, 8, 1, true",
        "SAME, 4, 4, 2, 6, 1, false",
        "SAME, 5, 2, 3, 15, 0, true",
        "VALID, 4, 3, 2, 9, 0, true",
        "VALID, 4, 3, 2, 10, 0, true",
        "VALID, 4, 3, 2, 8, 0, false",
        "VALID, 4, 3, 2, 11, 0, false",
        "VALID, 3, 2, 3, 9, 0, true",
    })
    void tfHeadAndAcceptance(String padding, int n, int k, int s, int out, int head, boolean accepted) {
        AxisPads forward = padding.equals("SAME") ? AxisPads.tfSame(out, k, s, 1) : AxisPads.NONE;
        assertEquals(head, TransposedAxis.tf(forward, out).head());
        assertEquals(accepted, TransposedAxis.forwardOut(out, forward, k, s, 1) == n);
    }

    /** The ONNX table on n=4, k=3, s=2 (full 9), and the clamped SAME of k=2, s=3. */
    @Test
    void onnxTable() {
        long full = TransposedAxis.onnxFull(4, 3, 2, 1, 0);
        assertEquals(9, full);
        // output_shape 8: T = 1; without auto_pad the extra crop is at the beginning (ceil), SAME_UPPER at the end
        assertEquals(new TransposedAxis(1, 8), TransposedAxis.onnxOutputShape(full, 8, false));
        assertEquals(new TransposedAxis(0, 8), TransposedAxis.onnxOutputShape(full, 8, true));
        assertEquals(new TransposedAxis(1, 7), TransposedAxis.onnxOutputShape(full, 7, false));
        assertEquals(new TransposedAxis(1, 7), TransposedAxis.onnxOutputShape(full, 7, true));
        assertEquals(new TransposedAxis(0, 9), TransposedAxis.onnxOutputShape(full, 9, false));
        assertThrows(IllegalArgumentException.class, () -> TransposedAxis.onnxOutputShape(full, 10, false));
        // auto_pad without output_shape: T = max(full - n*s, 0)
        assertEquals(new TransposedAxis(0, 8), TransposedAxis.onnxSame(4, 3, 2, 1, 0, true));
        assertEquals(new TransposedAxis(1, 8), TransposedAxis.onnxSame(4, 3, 2, 1, 0, false));
        assertEquals(new TransposedAxis(0, 9), TransposedAxis.onnxValid(4, 3, 2, 1, 0));
        assertEquals(new TransposedAxis(1, 6), TransposedAxis.onnxPads(full, 1, 2));
        // output_padding is part of full: VALID with op 2 at stride 3 appends two positions
        assertEquals(new TransposedAxis(0, 17), TransposedAxis.onnxValid(5, 3, 3, 1, 2));
        // dk + op < s: ONNX Runtime clamps T to 0 and returns full (11), not the spec's n*s (12)
        assertEquals(new TransposedAxis(0, 11), TransposedAxis.onnxSame(4, 2, 3, 1, 0, true));
        assertEquals(new TransposedAxis(0, 12), TransposedAxis.onnxSame(4, 2, 3, 1, 1, false));
    }

    /** The canonical pads (dk-1-head, out+head-(n-1)s-1), and back from a canonical geometry. */
    @ParameterizedTest(name = "n={0} k={1} s={2} d={3} head={4} out={5} -> pads ({6}, {7})")
    @CsvSource({
        "4, 3, 2, 1, 1, 8, 1, 2",
        "4, 3, 2, 1, 0, 8, 2, 1",
        "4, 3, 2, 1, 0, 10, 2, 3",
        "4, 3, 1, 1, 3, 1, -1, 0",
        "4, 2, 3, 1, 0, 12, 1, 2",
        "3, 3, 1, 2, 2, 3, 2, 2",
        "3, 1, 2, 1, 0, 3, 0, -2",
    })
    void canonicalPads(int n, int k, int s, int d, int head, int out, int before, int after) {
        TransposedAxis t = new TransposedAxis(head, out);
        assertEquals(before, t.padBefore(k, d));
        assertEquals(after, t.padAfter(n, s));
        ConvSpec spec = ConvSpec.builder(1).flip(true).inputDilation(s).pads(new int[] {before}, new int[] {after})
                .dilation(d).transposed(true).build();
        ConvGeometry g = ConvGeometry.of(spec, new int[] {1, 1, n}, new int[] {1, 1, k});
        assertEquals(out, g.outSize()[0], "the canonical form has the output length out");
        assertEquals(t, TransposedAxis.of(g, 0));
    }

    @Test
    void headAndOutAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new TransposedAxis(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> new TransposedAxis(0, 0));
    }
}
