package org.jconv.spec;

import java.util.Arrays;

/**
 * A {@link ConvSpec} bound to concrete input and kernel shapes: validated sizes, the output shape,
 * and the element counts every buffer must have. This is what a plan is created for.
 *
 * <pre>{@code
 * ConvGeometry g = ConvGeometry.of(spec, new int[] {1, 3, 224, 224}, new int[] {64, 3, 7, 7});
 * int[] out = g.outputShape();   // [1, 64, 112, 112] for stride 2, pad 3
 * }</pre>
 */
public final class ConvGeometry {
    private final ConvSpec spec;
    private final int[] inputShape;
    private final int[] kernelShape;
    private final int batch;
    private final int inChannels;
    private final int outChannels;
    private final int[] inSize;
    private final int[] kernelSize;
    private final int[] outSize;
    private final int[] outputShape;
    private final long inputElements;
    private final long kernelElements;
    private final long outputElements;

    private ConvGeometry(ConvSpec spec, int[] inputShape, int[] kernelShape) {
        this.spec = spec;
        this.inputShape = inputShape;
        this.kernelShape = kernelShape;
        int rank = spec.rank();
        if (inputShape.length != rank + 2) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) + " must have rank "
                    + (rank + 2) + " (" + spec.layout().name(rank) + ")");
        }
        if (kernelShape.length != rank + 2) {
            throw new IllegalArgumentException("kernel shape " + Arrays.toString(kernelShape) + " must have rank "
                    + (rank + 2) + " (" + spec.kernelLayout().name(rank) + ")");
        }
        for (int i = 0; i < inputShape.length; i++) {
            if (inputShape[i] < 1) {
                throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) + " has size "
                        + inputShape[i] + " at axis " + i + "; every size must be >= 1");
            }
        }
        for (int i = 0; i < kernelShape.length; i++) {
            if (kernelShape[i] < 1) {
                throw new IllegalArgumentException("kernel shape " + Arrays.toString(kernelShape) + " has size "
                        + kernelShape[i] + " at axis " + i + "; every size must be >= 1");
            }
        }
        boolean last = spec.layout() == Layout.NHWC;
        batch = inputShape[0];
        inChannels = last ? inputShape[rank + 1] : inputShape[1];
        inSize = Arrays.copyOfRange(inputShape, last ? 1 : 2, last ? rank + 1 : rank + 2);
        int g = spec.groups();
        if (inChannels % g != 0) {
            throw new IllegalArgumentException("groups " + g + " does not divide the input channels " + inChannels);
        }
        int kIn;
        switch (spec.kernelLayout()) {
            case OIHW:
                outChannels = kernelShape[0];
                kIn = kernelShape[1];
                kernelSize = Arrays.copyOfRange(kernelShape, 2, rank + 2);
                break;
            case HWIO:
                outChannels = kernelShape[rank + 1];
                kIn = kernelShape[rank];
                kernelSize = Arrays.copyOfRange(kernelShape, 0, rank);
                break;
            default: // HWCM
                if (g != inChannels) {
                    throw new IllegalArgumentException("kernel layout " + spec.kernelLayout().name(rank)
                            + " (depthwise) needs groups == input channels " + inChannels + ", got groups " + g);
                }
                if (kernelShape[rank] != inChannels) {
                    throw new IllegalArgumentException("depthwise kernel shape " + Arrays.toString(kernelShape)
                            + " has " + kernelShape[rank] + " channels, the input has " + inChannels);
                }
                kIn = 1;
                long o = (long) kernelShape[rank] * kernelShape[rank + 1];
                if (o > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("depthwise kernel shape " + Arrays.toString(kernelShape)
                            + " gives " + o + " output channels, more than " + Integer.MAX_VALUE);
                }
                outChannels = (int) o;
                kernelSize = Arrays.copyOfRange(kernelShape, 0, rank);
                break;
        }
        if (kIn * (long) g != inChannels) {
            throw new IllegalArgumentException("kernel shape " + Arrays.toString(kernelShape) + " has " + kIn
                    + " input channels per group, but the input has " + inChannels + " channels in " + g
                    + " group(s), i.e. " + (inChannels / g) + " per group");
        }
        if (outChannels % g != 0) {
            throw new IllegalArgumentException("groups " + g + " does not divide the output channels " + outChannels);
        }
        outSize = new int[rank];
        for (int a = 0; a < rank; a++) {
            long dilatedIn = (long) (inSize[a] - 1) * spec.inputDilation(a) + 1;
            long padded = dilatedIn + spec.padBefore(a) + spec.padAfter(a);
            long dk = (long) spec.dilation(a) * (kernelSize[a] - 1) + 1;
            if (padded < dk) {
                throw new IllegalArgumentException("kernel size " + kernelSize[a] + " (dilated " + dk + ") on spatial axis "
                        + a + " is larger than the padded input " + padded + " (input " + inSize[a]
                        + (spec.inputDilation(a) != 1 ? " dilated to " + dilatedIn : "") + " + pads "
                        + spec.padBefore(a) + "+" + spec.padAfter(a) + ")");
            }
            long o = (padded - dk) / spec.stride(a) + 1;
            outSize[a] = (int) o; // o <= padded <= 3 * Integer.MAX_VALUE ... checked below
            if (o > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("output size " + o + " on spatial axis " + a + " exceeds " + Integer.MAX_VALUE);
            }
        }
        outputShape = new int[rank + 2];
        outputShape[0] = batch;
        if (last) {
            System.arraycopy(outSize, 0, outputShape, 1, rank);
            outputShape[rank + 1] = outChannels;
        } else {
            outputShape[1] = outChannels;
            System.arraycopy(outSize, 0, outputShape, 2, rank);
        }
        inputElements = checkedProduct("input shape", inputShape);
        kernelElements = checkedProduct("kernel shape", kernelShape);
        outputElements = checkedProduct("output shape", outputShape);
    }

    private static long checkedProduct(String what, int[] shape) {
        long p = 1;
        for (int x : shape) {
            long hi = Math.multiplyHigh(p, x);
            p *= x;
            if (hi != 0 || p < 0) {
                throw new IllegalArgumentException(what + " " + Arrays.toString(shape) + " has more elements than fit in 64 bits");
            }
        }
        return p;
    }

    /**
     * Binds {@code spec} to shapes given in the spec's layouts ({@code inputShape} in
     * {@link ConvSpec#layout()}, {@code kernelShape} in {@link ConvSpec#kernelLayout()}).
     *
     * @throws IllegalArgumentException naming the shape and value that do not fit
     */
    public static ConvGeometry of(ConvSpec spec, int[] inputShape, int[] kernelShape) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        if (inputShape == null) {
            throw new IllegalArgumentException("inputShape must not be null");
        }
        if (kernelShape == null) {
            throw new IllegalArgumentException("kernelShape must not be null");
        }
        return new ConvGeometry(spec, inputShape.clone(), kernelShape.clone());
    }

    /** The spec. */
    public ConvSpec spec() { return spec; }

    /** Input shape in the spec's layout (a copy). */
    public int[] inputShape() { return inputShape.clone(); }

    /** Kernel shape in the spec's kernel layout (a copy). */
    public int[] kernelShape() { return kernelShape.clone(); }

    /** Output shape in the spec's layout (a copy). */
    public int[] outputShape() { return outputShape.clone(); }

    /** N. */
    public int batch() { return batch; }

    /** C. */
    public int inChannels() { return inChannels; }

    /** O. */
    public int outChannels() { return outChannels; }

    /** Input spatial sizes, outermost first (a copy). */
    public int[] inSize() { return inSize.clone(); }

    /** Kernel spatial sizes (a copy). */
    public int[] kernelSize() { return kernelSize.clone(); }

    /** Output spatial sizes (a copy). */
    public int[] outSize() { return outSize.clone(); }

    /** Input elements. */
    public long inputElements() { return inputElements; }

    /** Kernel elements. */
    public long kernelElements() { return kernelElements; }

    /** Output elements. */
    public long outputElements() { return outputElements; }

    /** Products summed per output element: C/G times the kernel's spatial volume. */
    public long taps() {
        return (long) (inChannels / spec.groups()) * product(kernelSize);
    }

    /** Multiply-adds of the whole convolution (saturates at Long.MAX_VALUE). */
    public long macs() {
        long t = taps();
        return t != 0 && outputElements > Long.MAX_VALUE / t ? Long.MAX_VALUE : outputElements * t;
    }

    static long product(int[] v) {
        long p = 1;
        for (int x : v) {
            p *= x; // kernel spatial sizes: at most 3 ints, cannot overflow 64 bits
        }
        return p;
    }

    /** {@link ConvSpec#describe()} followed by {@code " -> output 1x112x112x64"}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(spec.describe()).append(" -> output ");
        for (int i = 0; i < outputShape.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(outputShape[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "ConvGeometry[input " + Arrays.toString(inputShape) + ", kernel " + Arrays.toString(kernelShape) + ": "
                + describe() + "]";
    }
}
