package org.jconv.backend;

import org.jconv.Tensor;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.PlanOptions;
import org.jconv.spec.ConvGeometry;

/**
 * An implementation of the canonical convolution. jconv has three: {@code native} (C++ im2col+GEMM on
 * OpenBLAS, through JavaCPP), {@code java} (a fast pure-Java engine, the fallback where the native
 * library cannot load) and {@code reference} (a direct float64 loop over the definition: the oracle
 * the other two are checked against). Get them from {@link Backends}.
 */
public interface Backend {
    /** {@code "native"} or {@code "java"}. */
    String name();

    /**
     * Prepares a convolution.
     *
     * @param geometry the spec bound to the input and kernel shapes
     * @param kernel   the kernel in the spec's kernel layout and dtype (copied; may be reused by the caller)
     * @param bias     {@code null} or a vector of {@link ConvGeometry#outChannels()} values in the spec's dtype
     * @throws IllegalArgumentException if kernel or bias do not fit the geometry
     */
    ConvPlan plan(ConvGeometry geometry, Tensor kernel, Tensor bias);

    /**
     * Prepares a convolution with tunables (thread cap). Backends without tunables ignore them;
     * the numbers never depend on them.
     */
    default ConvPlan plan(ConvGeometry geometry, Tensor kernel, Tensor bias, PlanOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use PlanOptions.DEFAULT)");
        }
        return plan(geometry, kernel, bias);
    }
}
