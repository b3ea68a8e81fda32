package org.jconv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Generic dialect options: which arguments are taken, and how their values are converted. */
class DialectOptionsTest {
    static CommandSpec conv() {
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        return cl.getSubcommands().get("conv").getCommandSpec();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2                          | 2",
        "-1                         | -1",
        "2.5                        | 2.5",
        "1e-3                       | 0.001",
        "2,1                        | [2, 1]",
        "1,1,                       | [1, 1]",
        "3,                         | [3]",
        "same                       | same",
        "SAME_LOWER                 | SAME_LOWER",
        "true                       | true",
        "False                      | false",
        "[[0,0],[1,2],[3,4],[0,0]]  | [[0, 0], [1, 2], [3, 4], [0, 0]]",
        "(1,(0,2))                  | [1, [0, 2]]",
        "[1.5,2]                    | [1.5, 2]",
    })
    void valuesAreConvertedAsPythonWouldRead(String given, String shown) {
        Object v = DialectOptions.value("--x", given);
        assertEquals(shown, render(v));
    }

    /** Renders a value so that ints, floats and strings are told apart: 2, 2.5, same. */
    static String render(Object v) {
        if (v instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            List<?> l = (List<?>) v;
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(render(l.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    @Test
    void numbersKeepTheirKind() {
        assertEquals(Integer.valueOf(3), DialectOptions.value("--k", "3"));
        assertEquals(Double.valueOf(3.0), DialectOptions.value("--k", "3.0"));
        assertEquals(List.of(2, 1), DialectOptions.value("--k", "2,1"));
        assertNull(DialectOptions.value("--output-padding", "None"));
        assertEquals(List.of(List.of(0, 0), List.of(1, 2)), DialectOptions.value("--k", "[[0, 0], [1, 2]]"));
    }

    @Test
    void unknownLongOptionsBecomeParamsWithUnderscores() {
        DialectOptions.Split s = DialectOptions.split(conv(), Arrays.asList("--dialect", "torch", "--padding-mode",
                "reflect", "--padding", "1", "x.npy", "--stride=2,1", "w.npy", "-o", "y.npy", "--fillvalue", "-2.5"));
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("padding_mode", "reflect");
        want.put("padding", 1);
        want.put("stride", List.of(2, 1));
        want.put("fillvalue", -2.5);
        assertEquals(want, s.params());
        assertEquals(List.of("--dialect", "torch", "x.npy", "w.npy", "-o", "y.npy"), s.remaining());
    }

    @Test
    void declaredOptionsAndTheirValuesStay() {
        DialectOptions.Split s = DialectOptions.split(conv(), Arrays.asList("--backend", "java", "--params-json",
                "{\"padding\": \"same\"}", "--verbose", "--bias=b.npy", "--output", "--weird-name.npy", "-h"));
        assertTrue(s.params().isEmpty(), s.params().toString());
        assertEquals(9, s.remaining().size());
    }

    @Test
    void doubleDashEndsOptionScanning() {
        DialectOptions.Split s = DialectOptions.split(conv(), Arrays.asList("--padding", "same", "--", "--x.npy", "w.npy"));
        assertEquals(Map.of("padding", "same"), s.params());
        assertEquals(List.of("--", "--x.npy", "w.npy"), s.remaining());
    }

    @Test
    void mistakesAreUserErrors() {
        assertThrows(UserError.class, () -> DialectOptions.split(conv(), List.of("x.npy", "--padding")));
        UserError twice = assertThrows(UserError.class,
                () -> DialectOptions.split(conv(), List.of("--padding-mode", "reflect", "--padding_mode", "zeros")));
        assertTrue(twice.getMessage().contains("given twice (also as --padding-mode)"), twice.getMessage());
        UserError json = assertThrows(UserError.class, () -> DialectOptions.value("--padding", "[[0,0],[1,2]"));
        assertTrue(json.getMessage().startsWith("option --padding: value '[[0,0],[1,2]' is not valid JSON"),
                json.getMessage());
    }
}
