package org.jconv.dialect;

import java.util.List;

/**
 * How to make one system's call compute what another system's call computes, on the same
 * operands: a list of concrete steps in the second system's own vocabulary (array expressions in
 * numpy notation, parameter names as the library spells them). Made by {@link Recipes#reproduce}.
 *
 * <pre>{@code
 * Recipe r = Recipes.reproduce(kerasCall, scipyCall);
 * System.out.println(r);
 * // To make scipy.signal.convolve2d reproduce keras.layers.Conv2D:
 * //   1. call scipy.signal.convolve2d(x[0, :, :, 0], w[:, :, 0, 0][::-1, ::-1], mode='same') ...
 * }</pre>
 */
public final class Recipe {
    private final DialectCall reference;
    private final DialectCall other;
    private final List<String> steps;

    Recipe(DialectCall reference, DialectCall other, List<String> steps) {
        this.reference = reference;
        this.other = other;
        this.steps = List.copyOf(steps);
    }

    /** The call to reproduce. */
    public DialectCall reference() {
        return reference;
    }

    /** The call to change. */
    public DialectCall other() {
        return other;
    }

    /** The steps, in order; empty when the two calls already compute the same thing. */
    public List<String> steps() {
        return steps;
    }

    /** True when no step is needed: the canonical forms are identical (layouts and dtype included). */
    public boolean sameComputation() {
        return steps.isEmpty();
    }

    /** The recipe as numbered lines, preceded by both canonical forms. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("reference: ").append(reference.explain()).append('\n');
        sb.append("other:     ").append(other.explain()).append('\n');
        if (steps.isEmpty()) {
            sb.append(other.system()).append(" already computes what ").append(reference.system())
                    .append(" computes (identical canonical forms).");
            return sb.toString();
        }
        sb.append("To make ").append(other.system()).append(" reproduce ").append(reference.system()).append(':');
        for (int i = 0; i < steps.size(); i++) {
            sb.append("\n  ").append(i + 1).append(". ").append(steps.get(i));
        }
        return sb.toString();
    }
}
