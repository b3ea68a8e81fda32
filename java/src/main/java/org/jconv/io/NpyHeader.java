package org.jconv.io;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.jconv.DType;

/**
 * What a .npy header says about the array that follows it: dtype, byte order, memory order,
 * shape, and where the data starts. Validated: the dtype is float32 or float64, and the element
 * count fits a Java array. Obtained from {@link Npy#readHeader(java.nio.file.Path)}.
 *
 * <pre>{@code
 * NpyHeader h = Npy.readHeader(Path.of("image.npy"));
 * System.out.println(h);   // "<f4, C order, shape (8, 8), 256 data bytes at offset 128 (.npy 1.0)"
 * }</pre>
 */
public final class NpyHeader {
    private final int major;
    private final int minor;
    private final DType dtype;
    private final ByteOrder byteOrder;
    private final boolean fortranOrder;
    private final int[] shape;
    private final long dataOffset;
    private final int elementCount;

    NpyHeader(int major, int minor, DType dtype, ByteOrder byteOrder, boolean fortranOrder, int[] shape,
            long dataOffset, int elementCount) {
        this.major = major;
        this.minor = minor;
        this.dtype = dtype;
        this.byteOrder = byteOrder;
        this.fortranOrder = fortranOrder;
        this.shape = shape.clone();
        this.dataOffset = dataOffset;
        this.elementCount = elementCount;
    }

    /** Format major version: 1, 2 or 3. */
    public int majorVersion() { return major; }

    /** Format minor version (0). */
    public int minorVersion() { return minor; }

    /** float32 or float64. */
    public DType dtype() { return dtype; }

    /** Byte order of the stored data. */
    public ByteOrder byteOrder() { return byteOrder; }

    /** True when the data is stored column-major (numpy {@code fortran_order}). */
    public boolean fortranOrder() { return fortranOrder; }

    /** The shape (a copy); empty for a 0-d array. */
    public int[] shape() { return shape.clone(); }

    /** Number of elements (1 for a 0-d array). */
    public int elementCount() { return elementCount; }

    /** Bytes of data the header promises. */
    public long dataBytes() { return (long) elementCount * dtype.bytes(); }

    /** Offset of the first data byte from the start of the file. */
    public long dataOffset() { return dataOffset; }

    /** The descr as numpy writes it, e.g. {@code <f4} or {@code >f8}. */
    public String descr() {
        return (byteOrder == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + "f" + dtype.bytes();
    }

    /** The shape as a Python tuple, e.g. {@code (8,)} or {@code ()}. */
    static String pythonShape(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    @Override
    public String toString() {
        return descr() + ", " + (fortranOrder ? "Fortran" : "C") + " order, shape " + pythonShape(shape) + ", "
                + dataBytes() + " data bytes at offset " + dataOffset + " (.npy " + major + "." + minor + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NpyHeader)) {
            return false;
        }
        NpyHeader h = (NpyHeader) o;
        return major == h.major && minor == h.minor && dtype == h.dtype && byteOrder.equals(h.byteOrder)
                && fortranOrder == h.fortranOrder && Arrays.equals(shape, h.shape) && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Long.hashCode(dataOffset) * 7 + dtype.hashCode();
    }
}
