package org.jconv.plan;

import java.util.Arrays;
import org.jconv.Tensor;
import org.jconv.spec.ConvGeometry;

/** Checks of the kernel and bias handed to a backend, shared by every backend. */
public final class Operands {
    private Operands() {
    }

    /**
     * @throws IllegalArgumentException when the kernel is null or its shape or dtype differs from the
     *         geometry's, or the bias is neither null nor a vector of the output channels
     */
    public static void check(ConvGeometry g, Tensor kernel, Tensor bias) {
        if (g == null) {
            throw new IllegalArgumentException("geometry must not be null");
        }
        // Every Java entry point indexes arrays and buffers with int: refuse what cannot be passed.
        checkFits("input shape " + Arrays.toString(g.inputShape()), g.inputElements());
        checkFits("output shape " + Arrays.toString(g.outputShape()), g.outputElements());
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null");
        }
        if (!Arrays.equals(kernel.shape(), g.kernelShape())) {
            throw new IllegalArgumentException("kernel shape " + Arrays.toString(kernel.shape())
                    + " does not match the geometry's kernel shape " + Arrays.toString(g.kernelShape()));
        }
        if (kernel.dtype() != g.spec().dtype()) {
            throw new IllegalArgumentException("kernel dtype " + kernel.dtype().numpyName() + " does not match the spec's dtype "
                    + g.spec().dtype().numpyName() + " (convert it explicitly)");
        }
        if (bias != null) {
            if (bias.rank() != 1 || bias.shape(0) != g.outChannels()) {
                throw new IllegalArgumentException("bias shape " + Arrays.toString(bias.shape()) + " must be ["
                        + g.outChannels() + "] (one value per output channel)");
            }
            if (bias.dtype() != g.spec().dtype()) {
                throw new IllegalArgumentException("bias dtype " + bias.dtype().numpyName() + " does not match the spec's dtype "
                        + g.spec().dtype().numpyName());
            }
        }
    }

    private static void checkFits(String what, long elements) {
        if (elements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " has " + elements + " elements, more than a Java array or buffer can hold ("
                    + (Integer.MAX_VALUE - 8) + ")");
        }
    }
}
