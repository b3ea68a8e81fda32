package org.jconv;

/** Element type of a computation: the dtype numpy users know as {@code float32} / {@code float64}. */
public enum DType {
    /** IEEE binary32, numpy {@code float32}, {@code <f4}. */
    FLOAT32("float32", 4),
    /** IEEE binary64, numpy {@code float64}, {@code <f8}. */
    FLOAT64("float64", 8);

    private final String numpyName;
    private final int bytes;

    DType(String numpyName, int bytes) {
        this.numpyName = numpyName;
        this.bytes = bytes;
    }

    /** The numpy name, {@code "float32"} or {@code "float64"}. */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Unit roundoff: 2^-24 for float32, 2^-53 for float64. */
    public double unitRoundoff() {
        return this == FLOAT32 ? 0x1p-24 : 0x1p-53;
    }

    /**
     * Parses a numpy dtype name ({@code float32}, {@code float64}, {@code f4}, {@code f8}).
     *
     * @throws IllegalArgumentException naming the value when it is not a supported float type
     */
    public static DType parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("dtype must not be null");
        }
        switch (name) {
            case "float32": case "f4": case "<f4": case "single": return FLOAT32;
            case "float64": case "f8": case "<f8": case "double": return FLOAT64;
            default:
                throw new IllegalArgumentException("dtype '" + name
                        + "' is not supported: jconv computes in float32 or float64 (convert the array first)");
        }
    }
}
