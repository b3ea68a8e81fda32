package org.jconv.reliability;

import org.jconv.Conv;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backends;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvSpec;
import org.jconv.testing.PaddedReference;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;

/**
 * The child JVM of {@link NativeFallbackTest}: the native loader reads its configuration once per
 * JVM, so each load scenario needs a fresh process. Prints {@code key=value} lines the parent
 * checks; logging goes to stderr as configured by default.
 *
 * <pre>{@code
 * java -cp <test classpath> -Djconv.native.disable=true org.jconv.reliability.FallbackProbe
 * }</pre>
 */
public final class FallbackProbe {
    private FallbackProbe() {
    }

    public static void main(String[] args) {
        System.out.println("nativeAvailable=" + Backends.nativeAvailable());
        System.out.println("loadFailure=" + Backends.nativeLoadFailure());
        try {
            // several calls: the fallback must be logged once, not per call
            String name = null;
            for (int i = 0; i < 3; i++) {
                name = Backends.preferred().name();
            }
            System.out.println("preferred=" + name);
            ConvSpec spec = ConvSpec.builder(2).pads(1, 2, 0, 1).border(BorderMode.REFLECT).stride(2).build();
            Tensor x = RandomSpecs.randomTensor(new java.util.SplittableRandom(1), DType.FLOAT32, 2, 3, 7, 6);
            Tensor w = RandomSpecs.randomTensor(new java.util.SplittableRandom(2), DType.FLOAT32, 4, 3, 3, 2);
            Tensor y = null;
            for (int i = 0; i < 2; i++) {
                y = Conv.run(spec, x, w, null); // on Backends.preferred()
            }
            Tensor expected = PaddedReference.run(spec, x, w, null);
            var c = Tolerance.compare(expected, y, Tolerance.atol(org.jconv.spec.ConvGeometry.of(spec, x.shape(), w.shape()),
                    x, w, null));
            System.out.println("correct=" + c.ok() + " (" + c.message() + ")");
        } catch (RuntimeException e) {
            System.out.println("threw=" + e.getClass().getName());
            System.out.println("message=" + e.getMessage());
        }
        try {
            System.out.println("nativeBackend=" + Backends.nativeBackend().name());
        } catch (RuntimeException e) {
            System.out.println("nativeBackendThrew=" + e.getClass().getName());
        }
    }
}
