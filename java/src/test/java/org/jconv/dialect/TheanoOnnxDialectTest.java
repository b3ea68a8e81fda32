package org.jconv.dialect;

import static org.jconv.dialect.Fixtures.assertPads;
import static org.jconv.dialect.Fixtures.assertShape;
import static org.jconv.dialect.Fixtures.assertStrideDilationGroups;
import static org.jconv.dialect.Fixtures.f32;
import static org.jconv.dialect.Fixtures.f64;
import static org.jconv.dialect.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.spec.ConvSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** theano.tensor.nnet.conv2d (SEMANTICS.md section 5) and onnx.Conv (section 6). */
class TheanoOnnxDialectTest {

    static Stream<Arguments> borderModes() {
        // input [1, 2, 7, 8]
        return Stream.of(
                Arguments.of("valid", 3, 3, new int[] {1, 1}, new int[] {0, 0, 0, 0}, new int[] {1, 3, 5, 6}),
                Arguments.of("full", 4, 3, new int[] {1, 1}, new int[] {3, 3, 2, 2}, new int[] {1, 3, 10, 10}),
                Arguments.of("full", 3, 2, new int[] {1, 2}, new int[] {2, 2, 2, 2}, new int[] {1, 3, 9, 10}),
                Arguments.of("half", 3, 3, new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 3, 7, 8}),
                // 'half' with an even kernel: symmetric floor(k/2), so n + 1
                Arguments.of("half", 4, 4, new int[] {1, 1}, new int[] {2, 2, 2, 2}, new int[] {1, 3, 8, 9}),
                Arguments.of("half", 3, 3, new int[] {2, 1}, new int[] {2, 2, 1, 1}, new int[] {1, 3, 7, 8}),
                Arguments.of(2, 3, 3, new int[] {1, 1}, new int[] {2, 2, 2, 2}, new int[] {1, 3, 9, 10}),
                Arguments.of(List.of(1, 2), 3, 3, new int[] {1, 1}, new int[] {1, 1, 2, 2}, new int[] {1, 3, 7, 10}),
                Arguments.of(List.of(List.of(1, 0), List.of(2, 3)), 3, 2, new int[] {1, 1}, new int[] {1, 0, 2, 3},
                        new int[] {1, 3, 6, 12}),
                Arguments.of(List.of(1, List.of(0, 2)), 2, 3, new int[] {1, 1}, new int[] {1, 1, 0, 2},
                        new int[] {1, 3, 8, 8}));
    }

    @ParameterizedTest(name = "border_mode={0} k={1}x{2} dilation={3}")
    @MethodSource("borderModes")
    void theanoBorderModes(Object borderMode, int kh, int kw, int[] dilation, int[] pads, int[] out) {
        DialectCall c = TheanoDialect.conv2d().translate(p("border_mode", borderMode, "filter_dilation",
                dilation), f64(1, 2, 7, 8), f64(3, 2, kh, kw), null);
        assertPads(c.spec(), pads[0], pads[1], pads[2], pads[3]);
        assertShape(out, c);
        assertTrue(c.spec().flip(), "filter_flip defaults to True");
    }

    @Test
    void theanoOptions() {
        ConvSpec s = TheanoDialect.conv2d().translate(p("subsample", List.of(2, 1), "filter_flip", false,
                "num_groups", 2, "input_shape", Arrays.asList(null, 4, 7, null), "filter_shape", List.of(6, 2, 3, 3)),
                f32(1, 4, 7, 8), f32(6, 2, 3, 3), null).spec();
        assertFalse(s.flip());
        assertStrideDilationGroups(s, new int[] {2, 1}, new int[] {1, 1}, 2);
        // the result has the input's dtype
        DialectCall c = TheanoDialect.conv2d().translate(Params.empty(), f32(1, 1, 5, 5), f64(1, 1, 3, 3), null);
        assertEquals(DType.FLOAT32, c.spec().dtype());
        assertThrows(DialectRefusal.class, () -> TheanoDialect.conv2d().translate(
                p("input_shape", List.of(1, 4, 7, 9)), f32(1, 4, 7, 8), f32(6, 4, 3, 3), null));
        // subsample is a tuple in Theano
        assertThrows(IllegalArgumentException.class, () -> TheanoDialect.conv2d().translate(p("subsample", 2),
                f32(1, 1, 5, 5), f32(1, 1, 3, 3), null));
    }

    static Stream<Arguments> onnxPads() {
        // X [1, 2, 8, 7], W [3, 2, 4, 3]
        return Stream.of(
                Arguments.of(Params.empty(), new int[] {0, 0, 0, 0}),
                // pads = [x1_begin, x2_begin, x1_end, x2_end] = (top, left, bottom, right)
                Arguments.of(p("pads", List.of(0, 1, 2, 0)), new int[] {0, 2, 1, 0}),
                Arguments.of(p("auto_pad", "VALID"), new int[] {0, 0, 0, 0}),
                Arguments.of(p("auto_pad", "SAME_UPPER"), new int[] {1, 2, 1, 1}),
                Arguments.of(p("auto_pad", "SAME_LOWER"), new int[] {2, 1, 1, 1}),
                Arguments.of(p("auto_pad", "SAME_UPPER", "strides", List.of(3, 2)), new int[] {1, 1, 1, 1}),
                Arguments.of(p("auto_pad", "SAME_LOWER", "strides", List.of(2, 2)), new int[] {1, 1, 1, 1}),
                Arguments.of(p("auto_pad", "SAME_LOWER", "strides", List.of(1, 2)), new int[] {2, 1, 1, 1}),
                Arguments.of(p("auto_pad", "VALID", "pads", List.of(0, 0, 0, 0)), new int[] {0, 0, 0, 0}),
                Arguments.of(p("auto_pad", "NOTSET", "pads", List.of(1, 1, 1, 1), "kernel_shape", List.of(4, 3)),
                        new int[] {1, 1, 1, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onnxPads")
    void onnxPads(Params params, int[] pads) {
        DialectCall c = OnnxDialect.conv().translate(params, f32(1, 2, 8, 7), f32(3, 2, 4, 3), f32(3));
        assertPads(c.spec(), pads[0], pads[1], pads[2], pads[3]);
        assertFalse(c.spec().flip());
    }

    @Test
    void onnxStridesDilationsGroup() {
        DialectCall c = OnnxDialect.conv().translate(p("pads", List.of(2, 1, 2, 1), "strides", List.of(2, 2),
                "dilations", List.of(2, 2), "group", 2), f32(1, 4, 9, 7), f32(4, 2, 3, 3), f32(4));
        assertStrideDilationGroups(c.spec(), new int[] {2, 2}, new int[] {2, 2}, 2);
        assertShape(new int[] {1, 4, 5, 3}, c);
        // ONNX attributes are lists
        assertThrows(IllegalArgumentException.class,
                () -> OnnxDialect.conv().translate(p("strides", 2), f32(1, 1, 5, 5), f32(1, 1, 3, 3), null));
    }

    /** ONNX pads on 1-D and 3-D inputs: all begins, then all ends (SEMANTICS.md 3.1). */
    @Test
    void onnxOnOneAndThreeDimensionalInputs() {
        DialectCall one = OnnxDialect.conv().translate(p("pads", List.of(2, 1), "strides", List.of(2)), f32(1, 2, 9),
                f32(3, 2, 3), null);
        assertArrayEquals(new int[] {2}, one.spec().padBefore());
        assertArrayEquals(new int[] {1}, one.spec().padAfter());
        assertShape(new int[] {1, 3, 5}, one);
        DialectCall three = OnnxDialect.conv().translate(p("pads", List.of(0, 1, 2, 3, 4, 5)), f32(1, 2, 5, 5, 5),
                f32(3, 2, 3, 3, 3), null);
        assertArrayEquals(new int[] {0, 1, 2}, three.spec().padBefore());
        assertArrayEquals(new int[] {3, 4, 5}, three.spec().padAfter());
        assertShape(new int[] {1, 3, 6, 8, 10}, three);
        // SAME_LOWER on 1-D, n=11, k=4, s=1: total 3, the extra at the beginning
        DialectCall lower = OnnxDialect.conv().translate(p("auto_pad", "SAME_LOWER"), f32(1, 1, 11), f32(1, 1, 4), null);
        assertArrayEquals(new int[] {2}, lower.spec().padBefore());
        assertArrayEquals(new int[] {1}, lower.spec().padAfter());
        // attributes have one entry per spatial axis
        assertThrows(IllegalArgumentException.class, () -> OnnxDialect.conv()
                .translate(p("strides", List.of(1, 1)), f32(1, 2, 9), f32(3, 2, 3), null));
        assertThrows(IllegalArgumentException.class, () -> OnnxDialect.conv()
                .translate(Params.empty(), f32(1, 2, 9), f32(3, 2, 3, 3), null));
        assertThrows(IllegalArgumentException.class, () -> OnnxDialect.conv()
                .translate(Params.empty(), f32(1, 1, 1, 2, 9, 9), f32(1, 1, 1, 3, 3, 3), null));
    }
}
