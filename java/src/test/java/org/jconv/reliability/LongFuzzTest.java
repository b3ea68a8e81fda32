package org.jconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long fuzz run, off in CI: enabled by {@code -Djconv.fuzz.minutes=N}, it runs {@link Fuzzer}
 * cases for N minutes from {@code -Djconv.fuzz.seed} (default: the clock, printed so that a failure
 * can be rerun), printing a progress line every 100 000 cases.
 *
 * <pre>{@code
 * mvn -B -o -pl java surefire:test -Dtest=LongFuzzTest -Djconv.fuzz.minutes=60
 * mvn -B -o -pl java surefire:test -Dtest=LongFuzzTest -Djconv.fuzz.minutes=600 -Djconv.fuzz.seed=42
 * }</pre>
 */
@EnabledIfSystemProperty(named = "jconv.fuzz.minutes", matches = "[0-9]+(\\.[0-9]+)?")
class LongFuzzTest {
    @Test
    void fuzzForTheGivenMinutes() {
        double minutes = Double.parseDouble(System.getProperty("jconv.fuzz.minutes"));
        long seed = Long.getLong("jconv.fuzz.seed", System.currentTimeMillis());
        System.out.printf("LongFuzzTest: seed %d for %.1f minutes (rerun a case with new Fuzzer(%dL).runCase(i))%n", seed, minutes,
                seed);
        Fuzzer f = new Fuzzer(seed, Fuzzer.KNOWN_BUGS);
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (minutes * 60e9);
        long i = 0;
        while (System.nanoTime() < deadline) {
            f.runCase(i++);
            if (i % 100_000 == 0) {
                System.out.printf("LongFuzzTest: %d cases, %d calls, %d failures after %.1f min%n", i, f.ledger().calls(),
                        f.ledger().failureCount(), (System.nanoTime() - t0) / 60e9);
            }
        }
        System.out.printf("LongFuzzTest: seed %d, %d cases%n%s", seed, i, f.ledger().summary());
        assertEquals(0, f.ledger().failureCount(), () -> "fuzz failures:\n" + String.join("\n", f.ledger().failures()));
    }
}
