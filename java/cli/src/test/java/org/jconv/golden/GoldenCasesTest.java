package org.jconv.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the repository's golden data, one test each, on both backends. Every case must
 * pass, with one allowance: a case tagged 1d, 3d or transposed may instead be reported "not
 * supported yet" on both backends (the state before those dialects landed). A wrong number, a
 * wrong refusal or a wrong acceptance fails for every case.
 */
class GoldenCasesTest {
    static GoldenSet set;

    @BeforeAll
    static void load() throws IOException {
        set = GoldenSet.read(TestRepo.golden());
    }

    static Stream<Named<GoldenCase>> cases() throws IOException {
        return GoldenSet.read(TestRepo.golden()).cases().stream().map(c -> Named.of(c.id(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goldenCase(GoldenCase c) {
        CaseResult r = Verifier.verifyCase(set, c);
        assertEquals(Verifier.BACKENDS.size(), r.outcomes().size());
        if (c.beyond2d() && r.outcomes().get(0).kind() == BackendOutcome.Kind.NOT_SUPPORTED) {
            for (BackendOutcome o : r.outcomes()) {
                assertEquals(BackendOutcome.Kind.NOT_SUPPORTED, o.kind(), o.toString());
                assertTrue(o.reason().contains("not supported yet"), o.toString());
            }
        } else {
            assertTrue(r.passed(), r.failureLine());
        }
    }

    @Test
    void everyCaseOfTheFileIsAParameter() throws IOException {
        // the parameter source must not lose cases: compare with the raw JSON array
        assertEquals(GoldenDirs.cases().size(), cases().count());
        assertTrue(cases().count() >= 269, "the public set has 269 cases");
    }
}
