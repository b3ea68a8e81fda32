package org.jconv.dialect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.ConvSpec;

/** Operands and assertions shared by the dialect tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A float32 tensor of {@code shape} with values in [-1, 1) from a fixed seed. */
    static Tensor f32(int... shape) {
        return random(DType.FLOAT32, 17, shape);
    }

    /** A float64 tensor of {@code shape} with values in [-1, 1) from a fixed seed. */
    static Tensor f64(int... shape) {
        return random(DType.FLOAT64, 17, shape);
    }

    static Tensor random(DType dtype, long seed, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        SplittableRandom r = new SplittableRandom(seed + shape.length * 31L + Tensor.elementCount(shape));
        for (int i = 0; i < t.size(); i++) {
            t.set(i, r.nextDouble(-1, 1));
        }
        return t;
    }

    static Params p(Object... kv) {
        Params.Builder b = Params.builder();
        for (int i = 0; i < kv.length; i += 2) {
            b.put((String) kv[i], kv[i + 1]);
        }
        return b.build();
    }

    /** Asserts the pads in the order top, bottom, left, right. */
    static void assertPads(ConvSpec s, int top, int bottom, int left, int right) {
        assertArrayEquals(new int[] {top, bottom, left, right},
                new int[] {s.padBefore(0), s.padAfter(0), s.padBefore(1), s.padAfter(1)}, s.describe());
    }

    static void assertShape(int[] expected, DialectCall call) {
        assertArrayEquals(expected, call.outputShape(), call.explain());
    }

    static void assertStrideDilationGroups(ConvSpec s, int[] stride, int[] dilation, int groups) {
        assertArrayEquals(stride, s.stride(), s.describe());
        assertArrayEquals(dilation, s.dilation(), s.describe());
        assertEquals(groups, s.groups(), s.describe());
    }
}
