package org.jconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The JMH parameters cover every case of the suite, both backends and 1 and 2 threads. */
class ConvBenchmarkParamsTest {
    private static List<String> values(Class<?> state, String field) throws NoSuchFieldException {
        return List.of(state.getField(field).getAnnotation(Param.class).value());
    }

    @Test
    void everyCaseIsBenchmarked() throws NoSuchFieldException {
        List<String> ids = Suite.bundled().ids();
        assertEquals(ids, values(ConvBenchmark.ConvState.class, "caseId"),
                "ConvBenchmark.ConvState.caseId must list the cases of suite.json");
        assertEquals(ids, values(ConvBenchmark.GemmState.class, "caseId"),
                "ConvBenchmark.GemmState.caseId must list the cases of suite.json");
    }

    @Test
    void backendsAndThreads() throws NoSuchFieldException {
        assertEquals(List.of("native", "java"), values(ConvBenchmark.ConvState.class, "backend"));
        assertEquals(List.of("1", "2"), values(ConvBenchmark.ConvState.class, "threads"));
        assertEquals(List.of("1", "2"), values(ConvBenchmark.GemmState.class, "threads"));
    }
}
