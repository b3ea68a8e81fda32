package org.jconv.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Throws deterministic random calls at every public entry point of jconv: case {@code i} of seed
 * {@code s} is always the same call sequence, so a failure printed as
 * {@code new Fuzzer(s).runCase(i)} reproduces alone. What a call may do is
 * {@link FuzzLedger}'s rule; what is thrown is chosen by the families:
 * <ul>
 * <li>{@link ConvFuzz}: {@code Conv.run/plan}, {@code ConvPlan.run} with arrays, buffers, tensors;
 *     closed plans; sizes that overflow {@code int}; in-place runs;</li>
 * <li>{@link SpecFuzz}: {@code ConvSpec.Builder} and {@code ConvGeometry.of};</li>
 * <li>{@link TensorFuzz}: {@code Tensor} factories, {@code DType.parse}, {@code Backends.byName};</li>
 * <li>{@link DialectFuzz}: {@code Dialects.forSystem(...).translate} with random {@code Params}, the
 *     scipy array API, {@code Params} itself;</li>
 * <li>{@link NpyFuzz}: {@code Npy.read} on valid, truncated, lying and random bytes.</li>
 * </ul>
 *
 * <pre>{@code
 * Fuzzer f = new Fuzzer(20261125L);
 * for (int i = 0; i < 5000; i++) f.runCase(i);
 * System.out.println(f.ledger().summary());
 * }</pre>
 */
final class Fuzzer {
    private final long seed;
    private final FuzzLedger ledger;
    private final ConvFuzz conv;
    private final SpecFuzz spec;
    private final TensorFuzz tensor;
    private final DialectFuzz dialect;
    private final NpyFuzz npy;

    /** A fuzzer whose failures all count ({@link #KNOWN_BUGS} is not applied): for reproducing one case. */
    Fuzzer(long seed) {
        this(seed, Map.of());
    }

    /** @param knownBugs see {@link FuzzLedger#FuzzLedger(Map)} */
    Fuzzer(long seed, Map<String, String> knownBugs) {
        this.seed = seed;
        this.ledger = new FuzzLedger(knownBugs);
        this.conv = new ConvFuzz(ledger);
        this.spec = new SpecFuzz(ledger);
        this.tensor = new TensorFuzz(ledger);
        this.dialect = new DialectFuzz(ledger);
        try {
            Path dir = Files.createTempDirectory("jconv-fuzz");
            dir.toFile().deleteOnExit();
            dir.resolve("fuzz.npy").toFile().deleteOnExit();
            this.npy = new NpyFuzz(ledger, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Bugs the fuzz finds in code this package does not own, reported to the owners with these
     * reproducers (see the reliability report): kind -> what and where. Their failures are counted
     * and printed apart; remove an entry with its fix.
     */
    static final Map<String, String> KNOWN_BUGS = Map.of(
            "ArithmeticException at org.jconv.backend.pure.AxisMap.<init>",
            "integer overflow in the fast pure-Java backend's axis tables: PureJavaBackend.INSTANCE.plan of a 1-D"
            + " convolution with pad 50000, input [1, 1, 1], kernel [1, 1, 50000] (outputs x taps = 2.5e9)");

    FuzzLedger ledger() {
        return ledger;
    }

    /** Runs case {@code index}: one family, one or a few calls. */
    void runCase(long index) {
        ledger.startCase(seed, index);
        // a golden-ratio step keeps the streams of neighbouring cases apart (SplittableRandom mixes further)
        SplittableRandom r = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (index + 1));
        long problemSeed = r.nextLong();
        int family = r.nextInt(100);
        if (family < 38) {
            conv.run(r, problemSeed);
        } else if (family < 50) {
            spec.builder(r);
        } else if (family < 60) {
            spec.geometry(r, problemSeed);
        } else if (family < 67) {
            tensor.run(r);
        } else if (family < 85) {
            dialect.run(r);
        } else if (family < 89) {
            dialect.params(r);
        } else {
            npy.run(r);
        }
    }
}
