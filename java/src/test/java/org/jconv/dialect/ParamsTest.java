package org.jconv.dialect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParamsTest {

    private static Params one(String key, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put(key, value);
        return Params.of(m);
    }

    static Stream<Arguments> intForms() {
        return Stream.of(
                Arguments.of(2, new int[] {2, 2}),
                Arguments.of(2L, new int[] {2, 2}),
                Arguments.of(2.0, new int[] {2, 2}),          // what a JSON reader makes of 2
                Arguments.of(2.0f, new int[] {2, 2}),
                Arguments.of(new BigDecimal("3.000"), new int[] {3, 3}),
                Arguments.of(List.of(1, 2), new int[] {1, 2}),
                Arguments.of(List.of(1.0, 2.0), new int[] {1, 2}),
                Arguments.of(new int[] {3, 1}, new int[] {3, 1}));
    }

    @ParameterizedTest
    @MethodSource("intForms")
    void anIntOrAListOfIntsIsAcceptedInEveryNumericForm(Object value, int[] expected) {
        assertArrayEquals(expected, one("strides", value).getInts("strides", 2, new int[] {1, 1}));
    }

    static Stream<Arguments> badIntForms() {
        return Stream.of(
                Arguments.of(List.of(1, 2, 3), "strides: expected an int or a list of 2 ints, got [1, 2, 3]"),
                Arguments.of(2.5, "strides: expected an int or a list of 2 ints, got 2.5"),
                Arguments.of(List.of(1, 2.5), "strides: expected an int or a list of 2 ints, got [1, 2.5]"),
                Arguments.of("2", "strides: expected an int or a list of 2 ints, got '2'"),
                Arguments.of(true, "strides: expected an int or a list of 2 ints, got True"),
                Arguments.of(List.of(List.of(1, 2), 3), "strides: expected an int or a list of 2 ints, got [[1, 2], 3]"),
                Arguments.of(1e10, "strides: expected an int or a list of 2 ints, got 1.0E10"));
    }

    @ParameterizedTest
    @MethodSource("badIntForms")
    void aWrongFormNamesTheKeyAndTheValue(Object value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> one("strides", value).getInts("strides", 2, null));
        assertEquals(message, e.getMessage());
    }

    @Test
    void absentKeysGiveTheDefault() {
        Params p = Params.empty();
        assertEquals(7, p.getInt("groups", 7));
        assertEquals("valid", p.getString("padding", "valid"));
        assertTrue(p.getBoolean("use_bias", true));
        assertEquals(0.5, p.getDouble("fillvalue", 0.5));
        assertArrayEquals(new int[] {1, 1}, p.getInts("strides", 2, new int[] {1, 1}));
        assertNull(p.getIntList("pads"));
        assertNull(p.getPairs("padding", 4));
        assertFalse(p.has("x"));
        assertTrue(p.isAbsentOrNone("x"));
    }

    @Test
    void scalarGetters() {
        Params p = Params.builder().put("groups", 3.0).put("padding", "same").put("filter_flip", false)
                .put("fillvalue", 1.5).put("none", null).build();
        assertEquals(3, p.getInt("groups", 1));
        assertEquals("same", p.getString("padding", null));
        assertFalse(p.getBoolean("filter_flip", true));
        assertEquals(1.5, p.getDouble("fillvalue", 0));
        assertTrue(p.has("none"));
        assertTrue(p.isAbsentOrNone("none"));
        assertEquals("groups: expected an int, got 2.5",
                assertThrows(IllegalArgumentException.class, () -> one("groups", 2.5).getInt("groups", 1)).getMessage());
        assertEquals("padding: expected a string, got 1",
                assertThrows(IllegalArgumentException.class, () -> one("padding", 1).getString("padding", "")).getMessage());
        assertEquals("use_bias: expected a bool, got 1",
                assertThrows(IllegalArgumentException.class, () -> one("use_bias", 1).getBoolean("use_bias", true))
                        .getMessage());
        assertEquals("groups: expected an int, got None",
                assertThrows(IllegalArgumentException.class, () -> one("groups", null).getInt("groups", 1)).getMessage());
        // numpy's one-element array is a scalar for scipy's fillvalue
        assertEquals(2.0, one("fillvalue", List.of(2.0)).getDouble("fillvalue", 0));
    }

    @Test
    void listsOfIntsAndPairs() {
        Params p = Params.builder().put("pads", new int[] {0, 1, 2, 0})
                .put("padding", new int[][] {{0, 0}, {1, 2}, {0, 3}, {0, 0}}).build();
        assertArrayEquals(new int[] {0, 1, 2, 0}, p.getIntList("pads"));
        assertArrayEquals(new int[] {0, 1, 2, 0}, p.getIntList("pads", 4, null));
        int[][] pairs = p.getPairs("padding", 4);
        assertArrayEquals(new int[] {1, 2}, pairs[1]);
        assertArrayEquals(new int[] {0, 3}, pairs[2]);
        assertEquals("pads: expected a list of 2 ints, got [0, 1, 2, 0]",
                assertThrows(IllegalArgumentException.class, () -> p.getIntList("pads", 2, null)).getMessage());
        assertEquals("padding: expected a list of 2 [before, after] pairs of ints, got [[0, 0], [1]]",
                assertThrows(IllegalArgumentException.class,
                        () -> one("padding", List.of(List.of(0, 0), List.of(1))).getPairs("padding", 2)).getMessage());
        assertEquals("pads: expected a list of ints, got 1",
                assertThrows(IllegalArgumentException.class, () -> one("pads", 1).getIntList("pads")).getMessage());
    }

    @Test
    void unknownKeysAreRefusedWithTheSystemName() {
        Params p = Params.builder().put("stride", 1).put("foo", 2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.requireKnown("torch.nn.functional.conv2d", List.of("stride", "padding", "dilation", "groups")));
        assertEquals("unknown parameter 'foo' for torch.nn.functional.conv2d (known: stride, padding, dilation, groups)",
                e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void valuesAreCopiedAndImmutable() {
        Map<String, Object> m = new HashMap<>();
        List<Object> inner = new java.util.ArrayList<>(List.of(1, 2));
        m.put("strides", inner);
        Params p = Params.of(m);
        inner.set(0, 9);
        m.put("other", 1);
        assertArrayEquals(new int[] {1, 2}, p.getIntList("strides"));
        assertFalse(p.has("other"));
        assertThrows(UnsupportedOperationException.class, () -> p.asMap().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) p.get("strides")).add(3));
    }

    @Test
    void onlyJsonLikeValuesAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Params.builder().put("padding", new Object()));
        assertTrue(e.getMessage().startsWith("padding: a value must be a number, string, boolean, list or null"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Params.builder().put(null, 1));
        assertThrows(IllegalArgumentException.class, () -> Params.of(null));
    }

    @Test
    void printsLikeAPythonDictAndComparesNumbersByValue() {
        Params p = Params.builder().put("padding", "same").put("strides", 2.0).put("use_bias", false)
                .put("border_mode", List.of(1, List.of(0, 2))).put("output_padding", null).build();
        assertEquals("{'padding': 'same', 'strides': 2, 'use_bias': False, 'border_mode': [1, [0, 2]],"
                + " 'output_padding': None}", p.toString());
        Params q = Params.builder().put("padding", "same").put("strides", 2).put("use_bias", false)
                .put("border_mode", Arrays.asList(1L, Arrays.asList(0, 2))).put("output_padding", null).build();
        assertEquals(p, q);
        assertEquals(p.hashCode(), q.hashCode());
        assertNotEquals(p, Params.builder().putAll(q).put("strides", 3).build());
        assertEquals(Params.empty(), Params.builder().put("a", 1).remove("a").build());
    }
}
