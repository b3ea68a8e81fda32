package org.jconv.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jconv.DType;
import org.jconv.Tensor;

/**
 * Reads and writes numpy's {@code .npy} files: the arrays {@code np.save} writes and
 * {@code np.load} reads, so data moves between Python and Java without conversion.
 *
 * <p>Reads format versions 1.0, 2.0 and 3.0; dtypes float32 and float64 in either byte order
 * ({@code <f4}, {@code >f8}, {@code =f4}, ...); C or Fortran order (a Fortran-order array is
 * returned in C order, i.e. with the same indices numpy shows); any rank including 0-d.
 * Everything else is refused with a {@link NpyFormatException} naming the file and the problem:
 * integer, bool, complex and object arrays are refused with the numpy call that converts them.
 * Sizes claimed by the header are checked against the file size (or, for a stream, against
 * the bytes that actually arrive) before anything of that size is allocated.
 *
 * <p>Writes version 1.0 (2.0 when the header does not fit 1.0), little-endian, C order: exactly
 * what {@code np.save} writes on a little-endian machine.
 *
 * <pre>{@code
 * Tensor image = Npy.read(Path.of("image.npy"));         // np.save('image.npy', image)
 * Tensor y = Conv.run(spec, image, kernel, null);
 * Npy.write(Path.of("out.npy"), y);                       // np.load('out.npy')
 * }</pre>
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /**
     * Largest header accepted. numpy itself refuses headers over 10000 bytes by default
     * ({@code max_header_size}); a float array's header is under 200 bytes at any rank.
     */
    static final int MAX_HEADER_BYTES = 1 << 20;

    /** Largest Java array (the JDK refuses a few elements below Integer.MAX_VALUE). */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final int ALIGN = 64; // numpy aligns the data start to 64 bytes since 1.x
    private static final int CHUNK = 1 << 20;
    private static final String STREAM = "<stream>";

    private Npy() {
    }

    // ------------------------------------------------------------------------------------ reading

    /**
     * Reads the array in {@code file}.
     *
     * @throws NpyFormatException if the file is not a readable float32/float64 .npy array
     * @throws IOException        if the file cannot be read (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static Tensor read(Path file) throws IOException {
        requireNonNull("file", file);
        String label = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            NpyHeader h = readHeader(ch, size, label);
            long available = size - h.dataOffset();
            checkDataSize(h, available, label);
            ch.position(h.dataOffset());
            return decode(h, new ChannelSource(ch), true, label);
        }
    }

    /**
     * Reads the header of {@code file} without reading the data; the data size is checked
     * against the file size.
     *
     * @throws NpyFormatException as {@link #read(Path)}
     */
    public static NpyHeader readHeader(Path file) throws IOException {
        requireNonNull("file", file);
        String label = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            NpyHeader h = readHeader(ch, size, label);
            checkDataSize(h, size - h.dataOffset(), label);
            return h;
        }
    }

    /** Reads one array from {@code in}; see {@link #read(InputStream, String)}. */
    public static Tensor read(InputStream in) throws IOException {
        return read(in, STREAM);
    }

    /**
     * Reads one array from {@code in}, leaving the stream positioned right after its data (bytes
     * after the array are not read). The data is read incrementally, so a header that promises
     * more than the stream holds is refused when the stream ends, having allocated no more than
     * about twice the bytes that arrived.
     *
     * @param label the name used in error messages (e.g. the URL or entry name)
     * @throws NpyFormatException if the stream does not hold a readable float32/float64 .npy array
     * @throws IOException        if reading fails
     */
    public static Tensor read(InputStream in, String label) throws IOException {
        requireNonNull("input stream", in);
        if (in == null) {
            throw new IllegalArgumentException("input stream must not be null");
        }
        String name = label == null ? STREAM : label;
        byte[] pre = in.readNBytes(10);
        checkMagic(pre, pre.length, name);
        int major = pre[6] & 0xff;
        int minor = pre[7] & 0xff;
        checkVersion(major, minor, name);
        int lenBytes = major == 1 ? 2 : 4;
        byte[] lenField = Arrays.copyOfRange(pre, 8, pre.length);
        if (lenBytes == 4) {
            byte[] rest = in.readNBytes(2);
            lenField = concat(lenField, rest);
        }
        if (pre.length < 10 || lenField.length < lenBytes) {
            throw new NpyFormatException(name, "truncated header: the stream ends inside the header length field");
        }
        long hlen = headerLength(lenField, lenBytes);
        checkHeaderLimit(hlen, name);
        // readNBytes grows its buffer as bytes arrive, so a false length allocates nothing big
        byte[] text = in.readNBytes((int) hlen);
        if (text.length < hlen) {
            throw new NpyFormatException(name, "truncated header: the header claims " + hlen + " bytes, the stream ends after "
                    + text.length);
        }
        NpyHeader h = parseHeader(text, major, minor, 8 + lenBytes + hlen, name);
        return decode(h, new StreamSource(in), false, name);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static NpyHeader readHeader(FileChannel ch, long size, String label) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, size));
        readFully(ch, pre, 0);
        byte[] p = pre.array();
        checkMagic(p, p.length, label);
        int major = p[6] & 0xff;
        int minor = p[7] & 0xff;
        checkVersion(major, minor, label);
        int lenBytes = major == 1 ? 2 : 4;
        if (size < 8 + lenBytes) {
            throw new NpyFormatException(label, "truncated header: the file has " + size
                    + " bytes and ends inside the header length field");
        }
        long hlen = headerLength(Arrays.copyOfRange(p, 8, 8 + lenBytes), lenBytes);
        long offset = 8 + lenBytes + hlen;
        if (offset > size) {
            throw new NpyFormatException(label, "truncated header: the header claims " + hlen + " bytes, the file has only "
                    + (size - 8 - lenBytes) + " after the header length field");
        }
        checkHeaderLimit(hlen, label);
        ByteBuffer text = ByteBuffer.allocate((int) hlen);
        readFully(ch, text, 8 + lenBytes);
        return parseHeader(text.array(), major, minor, offset, label);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new EOFException("file shrank while being read");
            }
            p += n;
        }
    }

    private static void checkMagic(byte[] p, int n, String label) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= n) {
                throw new NpyFormatException(label, n == 0 ? "not a .npy file: the file is empty"
                        : "not a .npy file: " + n + " bytes, too short for the .npy magic \\x93NUMPY");
            }
            if (p[i] != MAGIC[i]) {
                String hint = n >= 2 && p[0] == 'P' && p[1] == 'K'
                        ? " (it looks like a zip archive, e.g. an .npz: extract the arrays with numpy.load)" : "";
                throw new NpyFormatException(label, "not a .npy file: bad magic, it starts with "
                        + printable(p, Math.min(n, 6)) + " instead of \\x93NUMPY" + hint);
            }
        }
        if (n < 8) {
            throw new NpyFormatException(label, "truncated header: the file ends inside the format version");
        }
    }

    private static String printable(byte[] p, int n) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < n; i++) {
            int b = p[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\' && b != '\'') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.append('\'').toString();
    }

    private static void checkVersion(int major, int minor, String label) {
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(label, "unsupported .npy format version " + major + "." + minor
                    + " (jconv reads 1.0, 2.0 and 3.0)");
        }
    }

    private static long headerLength(byte[] field, int lenBytes) {
        long v = 0;
        for (int i = lenBytes - 1; i >= 0; i--) {
            v = (v << 8) | (field[i] & 0xff);
        }
        return v;
    }

    private static void checkHeaderLimit(long hlen, String label) {
        if (hlen > MAX_HEADER_BYTES) {
            throw new NpyFormatException(label, "malformed header: it claims " + hlen + " bytes, more than the "
                    + MAX_HEADER_BYTES + " any array header needs");
        }
    }

    /** Parses and validates the header dictionary. */
    static NpyHeader parseHeader(byte[] bytes, int major, int minor, long dataOffset, String label) {
        String text;
        if (major == 3) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new NpyFormatException(label, "malformed header dictionary: not valid UTF-8 (.npy 3.0)");
            }
        } else {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        Object parsed;
        try {
            parsed = PythonLiteral.parse(text);
        } catch (PythonLiteral.SyntaxError e) {
            throw new NpyFormatException(label, "malformed header dictionary: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new NpyFormatException(label, "malformed header dictionary: the header is " + describe(parsed)
                    + ", not a dictionary");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) parsed;
        if (!d.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw new NpyFormatException(label, "malformed header dictionary: keys " + d.keySet()
                    + ", numpy writes exactly descr, fortran_order and shape");
        }
        Object fo = d.get("fortran_order");
        if (!(fo instanceof Boolean)) {
            throw new NpyFormatException(label, "malformed header dictionary: fortran_order is " + describe(fo)
                    + ", not True or False");
        }
        Object descr = d.get("descr");
        if (!(descr instanceof String)) {
            throw new NpyFormatException(label, "unsupported dtype " + describe(descr)
                    + " (a structured dtype): jconv reads float32 and float64 arrays; save a plain array, e.g. "
                    + "np.save(path, a['field'].astype(np.float32))");
        }
        DType dtype = NpyDtype.dtype((String) descr, label);
        ByteOrder order = NpyDtype.byteOrder((String) descr);
        int[] shape = shape(d.get("shape"), label);
        long count = elementCount(shape, label);
        return new NpyHeader(major, minor, dtype, order, (Boolean) fo, shape, dataOffset,
                (int) Math.min(count, Integer.MAX_VALUE));
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            return "'" + v + "'";
        }
        return String.valueOf(v);
    }

    private static int[] shape(Object v, String label) {
        if (!(v instanceof PythonLiteral.Tuple)) {
            throw new NpyFormatException(label, "malformed header dictionary: shape is " + describe(v)
                    + ", not a tuple of ints");
        }
        List<Object> items = ((PythonLiteral.Tuple) v).items;
        int[] shape = new int[items.size()];
        for (int i = 0; i < shape.length; i++) {
            Object x = items.get(i);
            if (!(x instanceof BigInteger)) {
                throw new NpyFormatException(label, "malformed header dictionary: shape " + v + " has " + describe(x)
                        + " at axis " + i + ", not an int");
            }
            BigInteger b = (BigInteger) x;
            if (b.signum() < 0) {
                throw new NpyFormatException(label, "malformed header dictionary: shape " + v + " has a negative size at axis " + i);
            }
            if (b.bitLength() > 31) {
                throw new NpyFormatException(label, "shape " + v + " has size " + b + " at axis " + i
                        + ", more than a Java array can hold (" + MAX_ELEMENTS + ")");
            }
            shape[i] = b.intValue();
        }
        return shape;
    }

    private static long elementCount(int[] shape, String label) {
        long n = 1;
        for (int s : shape) {
            try {
                n = Math.multiplyExact(n, (long) s);
            } catch (ArithmeticException e) {
                // only reachable at rank >= 3 with huge sizes; a zero size later would not make it valid in numpy either
                throw new NpyFormatException(label, "shape " + NpyHeader.pythonShape(shape)
                        + " has more elements than a 64-bit count holds");
            }
        }
        return n;
    }

    /** Checks the header's claim against the bytes the file holds after the header. */
    private static void checkDataSize(NpyHeader h, long available, String label) {
        long count = Tensor.elementCount(h.shape());
        // count * itemsize cannot overflow unless count > 2^60; such a count is refused as truncated data anyway
        long needed = count > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : count * h.dtype().bytes();
        String what = "shape " + NpyHeader.pythonShape(h.shape()) + " " + h.descr() + " needs " + needed + " bytes of data";
        if (available < needed) {
            throw new NpyFormatException(label, "truncated data: " + what + ", the file holds " + available);
        }
        if (available > needed) {
            throw new NpyFormatException(label, "shape/data size mismatch: " + what + ", the file holds " + available
                    + " (the header does not describe this data)");
        }
        checkJavaLimit(h, count, label);
    }

    private static void checkJavaLimit(NpyHeader h, long count, String label) {
        if (count > MAX_ELEMENTS) {
            throw new NpyFormatException(label, "shape " + NpyHeader.pythonShape(h.shape()) + " has " + count
                    + " elements, more than a Java array can hold (" + MAX_ELEMENTS + ")");
        }
    }

    /** Where data bytes come from; {@code next} fills up to {@code max} bytes, fewer only at the end. */
    private interface Source {
        byte[] next(int max) throws IOException;
    }

    private static final class ChannelSource implements Source {
        private final FileChannel ch;

        ChannelSource(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public byte[] next(int max) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(max);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    break;
                }
            }
            return b.position() == max ? b.array() : Arrays.copyOf(b.array(), b.position());
        }
    }

    private static final class StreamSource implements Source {
        private final InputStream in;

        StreamSource(InputStream in) {
            this.in = in;
        }

        @Override
        public byte[] next(int max) throws IOException {
            return in.readNBytes(max);
        }
    }

    /**
     * Reads the data. {@code sizeChecked}: the source is known to hold all of it (a file whose size
     * was checked), so the array is allocated at once; otherwise it grows as data arrives.
     */
    private static Tensor decode(NpyHeader h, Source src, boolean sizeChecked, String label) throws IOException {
        long count = Tensor.elementCount(h.shape());
        checkJavaLimit(h, count, label);
        int n = (int) count;
        int item = h.dtype().bytes();
        boolean f32 = h.dtype() == DType.FLOAT32;
        // Grow the array as data arrives: a header promising more than the source holds costs at most
        // about twice the bytes actually received, never the promised size.
        int cap = sizeChecked ? n : Math.min(n, CHUNK / item);
        float[] fa = f32 ? new float[cap] : null;
        double[] da = f32 ? null : new double[cap];
        int filled = 0;
        while (filled < n) {
            int want = Math.min(n - filled, CHUNK / item);
            byte[] bytes = src.next(want * item);
            int got = bytes.length / item;
            if (filled + got > cap) {
                cap = (int) Math.min(n, Math.max((long) filled + got, 2L * cap));
                if (f32) {
                    fa = Arrays.copyOf(fa, cap);
                } else {
                    da = Arrays.copyOf(da, cap);
                }
            }
            ByteBuffer bb = ByteBuffer.wrap(bytes, 0, got * item).order(h.byteOrder());
            if (f32) {
                bb.asFloatBuffer().get(fa, filled, got);
            } else {
                bb.asDoubleBuffer().get(da, filled, got);
            }
            filled += got;
            if (bytes.length < want * item) {
                throw new NpyFormatException(label, "truncated data: shape " + NpyHeader.pythonShape(h.shape()) + " "
                        + h.descr() + " needs " + h.dataBytes() + " bytes of data, the source ended after "
                        + ((long) filled * item + bytes.length % item));
            }
        }
        int[] shape = h.shape();
        if (!h.fortranOrder() || shape.length < 2) {
            return f32 ? Tensor.of(fa, shape) : Tensor.of(da, shape);
        }
        // Fortran order is C order of the reversed shape; reversing the axes gives numpy's indices.
        int r = shape.length;
        int[] reversed = new int[r];
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) {
            reversed[i] = shape[r - 1 - i];
            axes[i] = r - 1 - i;
        }
        Tensor t = f32 ? Tensor.of(fa, reversed) : Tensor.of(da, reversed);
        return t.transpose(axes);
    }

    // ------------------------------------------------------------------------------------ writing

    /**
     * Writes {@code t} to {@code file} as {@code np.save} does (little-endian, C order), replacing
     * an existing file. The parent directory must exist (it is not created).
     */
    public static void write(Path file, Tensor t) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        checkTensor(t);
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, t, ByteOrder.LITTLE_ENDIAN, false);
        }
    }

    /** Writes {@code t} to {@code out} (little-endian, C order); {@code out} is not closed. */
    public static void write(OutputStream out, Tensor t) throws IOException {
        write(out, t, ByteOrder.LITTLE_ENDIAN, false);
    }

    /**
     * Writes {@code t} with the given byte order and memory order ({@code fortranOrder} stores
     * columns first; numpy and {@link #read} return the same indices either way). For files other
     * tools must read in a particular layout; {@link #write(Path, Tensor)} is the usual call.
     */
    public static void write(OutputStream out, Tensor t, ByteOrder order, boolean fortranOrder) throws IOException {
        requireNonNull("output stream", out);
        if (out == null) {
            throw new IllegalArgumentException("output stream must not be null");
        }
        checkTensor(t);
        if (order == null) {
            throw new IllegalArgumentException("byte order must not be null");
        }
        int[] shape = t.shape();
        out.write(header(t.dtype(), order, fortranOrder, shape));
        Tensor data = t;
        if (fortranOrder && shape.length >= 2) {
            int r = shape.length;
            int[] axes = new int[r];
            for (int i = 0; i < r; i++) {
                axes[i] = r - 1 - i;
            }
            data = t.transpose(axes);
        }
        int item = t.dtype().bytes();
        int n = data.size();
        int per = CHUNK / item;
        ByteBuffer bb = ByteBuffer.allocate(per * item).order(order);
        for (int off = 0; off < n; off += per) {
            int m = Math.min(per, n - off);
            bb.clear();
            if (t.dtype() == DType.FLOAT32) {
                bb.asFloatBuffer().put(data.floats(), off, m);
            } else {
                bb.asDoubleBuffer().put(data.doubles(), off, m);
            }
            out.write(bb.array(), 0, m * item);
        }
    }

    /** The bytes {@link #write(OutputStream, Tensor)} writes. */
    public static byte[] toBytes(Tensor t) {
        checkTensor(t);
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try {
            write(bos, t);
        } catch (IOException e) {
            throw new AssertionError(e); // a ByteArrayOutputStream does not fail
        }
        return bos.toByteArray();
    }

    private static void checkTensor(Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException("tensor must not be null");
        }
    }

    /** Preamble and padded header: version 1.0 when the header fits 65535 bytes, else 2.0. */
    static byte[] header(DType dtype, ByteOrder order, boolean fortranOrder, int[] shape) {
        String descr = (order == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + "f" + dtype.bytes();
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + NpyHeader.pythonShape(shape) + ", }";
        int major = 10 + dict.length() + 1 <= 10 + 0xffff ? 1 : 2;
        int pre = major == 1 ? 10 : 12;
        int total = pre + dict.length() + 1;
        int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        if (major == 1 && padded - pre > 0xffff) {
            major = 2;
            pre = 12;
            total = pre + dict.length() + 1;
            padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        }
        int hlen = padded - pre;
        byte[] out = new byte[padded];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) major;
        out[7] = 0;
        ByteBuffer len = ByteBuffer.wrap(out, 8, pre - 8).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) hlen);
        } else {
            len.putInt(hlen);
        }
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, out, pre, text.length);
        Arrays.fill(out, pre + text.length, padded - 1, (byte) ' ');
        out[padded - 1] = '\n';
        return out;
    }

    private static void requireNonNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
