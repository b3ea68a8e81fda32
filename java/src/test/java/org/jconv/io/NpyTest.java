package org.jconv.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips, numpy-written files, and every kind of refusal. */
class NpyTest {
    @TempDir
    Path tmp;

    // ------------------------------------------------------------------------------ round trips

    static Stream<Arguments> layouts() {
        List<Arguments> out = new ArrayList<>();
        for (DType dt : DType.values()) {
            for (ByteOrder bo : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                for (boolean fortran : new boolean[] {false, true}) {
                    for (int rank = 0; rank <= 5; rank++) {
                        out.add(Arguments.of(dt, bo, fortran, rank));
                    }
                }
            }
        }
        return out.stream();
    }

    /** Values that catch byte-order and conversion slips: signs, zeros, NaN, infinities, subnormals. */
    static Tensor sample(DType dt, int[] shape, long seed) {
        Tensor t = Tensor.zeros(dt, shape);
        Random r = new Random(seed);
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
            dt == DType.FLOAT32 ? Float.MIN_VALUE : Double.MIN_VALUE, dt == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE};
        for (int i = 0; i < t.size(); i++) {
            t.set(i, i < specials.length ? specials[i] : r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
        }
        return t;
    }

    static int[] shapeOfRank(int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = 2 + (i % 3); // 2, 3, 4, 2, 3: distinct neighbours, so a swapped axis shows
        }
        return s;
    }

    static void assertBitsEqual(Tensor want, Tensor got) {
        assertEquals(want.dtype(), got.dtype());
        assertArrayEquals(want.shape(), got.shape());
        for (int i = 0; i < want.size(); i++) {
            if (want.dtype() == DType.FLOAT32) {
                assertEquals(Float.floatToRawIntBits(want.floats()[i]), Float.floatToRawIntBits(got.floats()[i]),
                        "element " + i);
            } else {
                assertEquals(Double.doubleToRawLongBits(want.doubles()[i]), Double.doubleToRawLongBits(got.doubles()[i]),
                        "element " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} fortran={2} rank {3}")
    @MethodSource("layouts")
    void roundTrip(DType dt, ByteOrder bo, boolean fortran, int rank) throws IOException {
        Tensor t = sample(dt, shapeOfRank(rank), 31L * rank + dt.ordinal());
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Npy.write(bos, t, bo, fortran);
        byte[] bytes = bos.toByteArray();

        Path f = tmp.resolve("a.npy");
        Files.write(f, bytes);
        assertBitsEqual(t, Npy.read(f));
        assertBitsEqual(t, Npy.read(new ByteArrayInputStream(bytes)));

        NpyHeader h = Npy.readHeader(f);
        assertEquals(dt, h.dtype());
        assertEquals(bo, h.byteOrder());
        assertEquals(fortran, h.fortranOrder());
        assertArrayEquals(t.shape(), h.shape());
        assertEquals(1, h.majorVersion());
        assertEquals(0, h.dataOffset() % 64, "data aligned to 64 bytes as numpy does");
        assertEquals(bytes.length, h.dataOffset() + h.dataBytes());
    }

    @Test
    void streamReadLeavesFollowingBytesUnread() throws IOException {
        Tensor a = sample(DType.FLOAT32, new int[] {3, 2}, 1);
        Tensor b = sample(DType.FLOAT64, new int[] {4}, 2);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Npy.write(bos, a);
        Npy.write(bos, b);
        InputStream in = new ByteArrayInputStream(bos.toByteArray());
        assertBitsEqual(a, Npy.read(in));
        assertBitsEqual(b, Npy.read(in));
        assertEquals(-1, in.read());
    }

    @Test
    void writeToPathReplacesAndDoesNotCreateDirectories() throws IOException {
        Path f = tmp.resolve("out.npy");
        Files.write(f, new byte[10000]);
        Tensor t = sample(DType.FLOAT64, new int[] {2, 2}, 3);
        Npy.write(f, t);
        assertBitsEqual(t, Npy.read(f));
        assertEquals(Npy.toBytes(t).length, Files.size(f));
        assertThrows(NoSuchFileException.class, () -> Npy.write(tmp.resolve("missing/out.npy"), t));
        assertFalse(Files.exists(tmp.resolve("missing")));
    }

    @Test
    void emptyAndZeroDimensionalArrays() throws IOException {
        Tensor empty = Tensor.zeros(DType.FLOAT32, 0, 3);
        Tensor back = Npy.read(new ByteArrayInputStream(Npy.toBytes(empty)));
        assertArrayEquals(new int[] {0, 3}, back.shape());
        assertEquals(0, back.size());

        Tensor scalar = Tensor.of(new double[] {2.5});
        back = Npy.read(new ByteArrayInputStream(Npy.toBytes(scalar)));
        assertEquals(0, back.rank());
        assertEquals(2.5, back.get(0));
    }

    @Test
    void headerTooLongForVersion1IsWrittenAsVersion2() throws IOException {
        // rank 25000 of size 1: a dict of ~75 kB, more than version 1.0's 65535-byte header length field
        int[] shape = new int[25000];
        Arrays.fill(shape, 1);
        Tensor t = Tensor.of(new float[] {7f}, shape);
        byte[] bytes = Npy.toBytes(t);
        assertEquals(2, bytes[6]);
        Tensor back = Npy.read(new ByteArrayInputStream(bytes));
        assertArrayEquals(shape, back.shape());
        assertEquals(7f, back.floats()[0]);
    }

    // ------------------------------------------------------------------------------ numpy files

    /**
     * Written by numpy 2.4 ({@code np.save(bio, a)}, {@code numpy.lib.format.write_array(bio, a, version=...)}):
     * <pre>
     * BE_F8      (np.arange(6).reshape(2, 3) / 4 - 0.5).astype('>f8')
     * BE_F4_F    np.asfortranarray((np.arange(6).reshape(2, 3) - 2.5).astype('>f4'))
     * F_F4       np.asfortranarray(np.arange(24, dtype='&lt;f4').reshape(2, 3, 4))
     * V2_F4      np.array([1.5, -2, 3], dtype='&lt;f4'), version (2, 0)
     * V3_F8      np.array([1.25, -7], dtype='&lt;f8'), version (3, 0)
     * ZERO_D     np.array(3.5)
     * EMPTY      np.zeros((0, 3), dtype='&lt;f4')
     * </pre>
     */
    static final String BE_F8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAq/4AAAAAAAAL/QAAAAAAAAAAAAAAAAAAA/0AAAAAAAAD/gAAAAAAAAP+gAAAAAAAA=";
    static final String BE_F4_F = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIArAIAAAPwAAAL/AAAA/wAAAvwAAAEAgAAA=";
    static final String F_F4 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMywgNCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQQAAgEAAAIBBAAAAQQAAoEEAAIA/AABQQQAAoEAAAIhBAAAQQQAAqEEAAABAAABgQQAAwEAAAJBBAAAgQQAAsEEAAEBAAABwQQAA4EAAAJhBAAAwQQAAuEE=";
    static final String V2_F4 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAQEA=";
    static final String V3_F8 = "k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD0PwAAAAAAABzA";
    static final String ZERO_D = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAMQA==";
    static final String EMPTY = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    static Tensor fromBase64(String b64) throws IOException {
        return Npy.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)), "fixture");
    }

    @Test
    void readsNumpyBigEndian() throws IOException {
        Tensor t = fromBase64(BE_F8);
        assertEquals(DType.FLOAT64, t.dtype());
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new double[] {-0.5, -0.25, 0, 0.25, 0.5, 0.75}, t.doubles());
    }

    @Test
    void readsNumpyFortranOrderInNumpysIndexOrder() throws IOException {
        Tensor t = fromBase64(BE_F4_F);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new float[] {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f}, t.floats());

        Tensor u = fromBase64(F_F4);
        assertArrayEquals(new int[] {2, 3, 4}, u.shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(i, u.floats()[i], "C-order element " + i);
        }
    }

    @Test
    void readsNumpyVersions2And3() throws IOException {
        assertArrayEquals(new float[] {1.5f, -2f, 3f}, fromBase64(V2_F4).floats());
        assertArrayEquals(new double[] {1.25, -7}, fromBase64(V3_F8).doubles());
    }

    @Test
    void readsNumpyZeroDimensionalAndEmpty() throws IOException {
        Tensor s = fromBase64(ZERO_D);
        assertEquals(0, s.rank());
        assertEquals(3.5, s.get(0));
        Tensor e = fromBase64(EMPTY);
        assertArrayEquals(new int[] {0, 3}, e.shape());
    }

    @Test
    void writesWhatNumpyWrites() throws IOException {
        // np.save of a C-order little-endian array: byte-identical headers and data
        byte[] numpy = Base64.getDecoder().decode(ZERO_D);
        assertArrayEquals(numpy, Npy.toBytes(fromBase64(ZERO_D)));
        assertArrayEquals(Base64.getDecoder().decode(EMPTY), Npy.toBytes(fromBase64(EMPTY)));
    }

    @Test
    void acceptsEverySpellingOfTheFloatDescrs() throws IOException {
        String[] descrs = {"=f4", "|f4", "f4", "<f", ">f", "=d", "<f8", ">d"};
        for (String descr : descrs) {
            boolean f32 = descr.endsWith("f4") || descr.endsWith("f");
            ByteOrder order = descr.startsWith("<") ? ByteOrder.LITTLE_ENDIAN
                    : descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.nativeOrder();
            ByteBuffer data = ByteBuffer.allocate(f32 ? 4 : 8).order(order);
            if (f32) {
                data.putFloat(1.75f);
            } else {
                data.putDouble(1.75);
            }
            Tensor t = Npy.read(new ByteArrayInputStream(npy(dict(descr, "(1,)"), data.array())), descr);
            assertEquals(f32 ? DType.FLOAT32 : DType.FLOAT64, t.dtype(), descr);
            assertEquals(1.75, t.get(0), descr);
        }
    }

    // ------------------------------------------------------------------------------ refusals

    /** A version 1.0 file with this header text (padded as numpy pads) and these data bytes. */
    static byte[] npy(String dict, byte[] data) {
        return npyVersion(1, dict, data);
    }

    static byte[] npyVersion(int major, String dict, byte[] data) {
        int pre = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(dict);
        while ((pre + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] text = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(pre + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).put(data).array();
    }

    static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** Reads {@code bytes} as a file and as a stream; both must refuse, each message naming the source. */
    NpyFormatException refuse(byte[] bytes, String... fragments) throws IOException {
        Path f = tmp.resolve("bad.npy");
        Files.write(f, bytes);
        NpyFormatException e1 = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(e1.getMessage().startsWith(f.toString() + ": "), e1.getMessage());
        assertEquals(f.toString(), e1.source());
        NpyFormatException e2 = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(bytes), "the-stream"));
        assertTrue(e2.getMessage().startsWith("the-stream: "), e2.getMessage());
        for (String frag : fragments) {
            assertTrue(e1.getMessage().contains(frag), "file message '" + e1.getMessage() + "' lacks '" + frag + "'");
        }
        return e1;
    }

    /** Like {@link #refuse} for a file only: a stream reader stops after the array, so extra bytes are no error there. */
    NpyFormatException refuseFile(byte[] bytes, String... fragments) throws IOException {
        Path f = tmp.resolve("bad.npy");
        Files.write(f, bytes);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        for (String frag : fragments) {
            assertTrue(e.getMessage().contains(frag), "message '" + e.getMessage() + "' lacks '" + frag + "'");
        }
        assertThrows(NpyFormatException.class, () -> Npy.readHeader(f));
        return e;
    }

    static byte[] floats(int n) {
        return new byte[4 * n];
    }

    @Test
    void refusesBadMagic() throws IOException {
        refuse("hello, this is text".getBytes(StandardCharsets.US_ASCII), "not a .npy file", "bad magic", "'hello,'");
        refuse(new byte[0], "not a .npy file", "empty");
        byte[] zip = {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0};
        refuse(zip, "bad magic", "zip");
        byte[] almost = npy(dict("<f4", "(1,)"), floats(1));
        almost[0] = (byte) 0x92;
        refuse(almost, "bad magic");
    }

    @Test
    void refusesUnsupportedVersion() throws IOException {
        byte[] b = npy(dict("<f4", "(1,)"), floats(1));
        b[6] = 4;
        refuse(b, "unsupported .npy format version 4.0");
    }

    @Test
    void refusesTruncatedHeader() throws IOException {
        byte[] good = npy(dict("<f4", "(2, 2)"), floats(4));
        refuse(Arrays.copyOf(good, 7), "truncated header");     // inside the version
        refuse(Arrays.copyOf(good, 9), "truncated header");     // inside the length field
        refuse(Arrays.copyOf(good, 40), "truncated header", "claims 118 bytes");
        byte[] v2 = npyVersion(2, dict("<f4", "(1,)"), floats(1));
        refuse(Arrays.copyOf(v2, 11), "truncated header");
        // a 4 GB header length: refused from the file size, nothing of that size is read
        byte[] huge = Arrays.copyOf(v2, v2.length);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1);
        refuse(huge, "truncated header", "4294967295");
    }

    @Test
    void refusesMalformedHeaderDictionaries() throws IOException {
        String[][] cases = {
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", "malformed header dictionary"},
            {"{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}", "expected ',' or '}'"},
            {"{'descr': '<f4', 'fortran_order': False}", "keys"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "keys"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", "shape is [2], not a tuple of ints"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}", "negative size"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,)}", "malformed header dictionary"},
            {"{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", "fortran_order is 0"},
            {"{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,)}", "unknown name 'Maybe'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': ('2',)}", "not an int"},
            {"['descr', '<f4']", "not a dictionary"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} junk", "after the dictionary"},
            {"{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}", "malformed header dictionary"},
            {"", "missing value"},
        };
        for (String[] c : cases) {
            refuse(npy(c[0], floats(2)), c[1]);
        }
    }

    @Test
    void refusesUnsupportedDtypesWithTheNumpyConversion() throws IOException {
        String[][] cases = {
            {"<i8", "int64"}, {">i4", "int32"}, {"|u1", "uint8"}, {"|b1", "bool"}, {"<c16", "complex128"},
            {"<f2", "float16"}, {"<f16", "float128"}, {"|S3", "bytes"}, {"<U5", "str"}, {"<M8[ns]", "datetime64"},
        };
        for (String[] c : cases) {
            NpyFormatException e = refuse(npy(dict(c[0], "(2,)"), new byte[64]), "unsupported dtype '" + c[0] + "'", c[1]);
            assertTrue(e.getMessage().contains("astype(np.float32)"), e.getMessage());
        }
        NpyFormatException obj = refuse(npy(dict("|O", "(3,)"), new byte[24]), "unsupported dtype '|O' (object)");
        assertTrue(obj.getMessage().contains("dtype=np.float32"), obj.getMessage());
        refuse(npy("{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (2,), }", new byte[16]),
                "unsupported dtype", "structured");
    }

    @Test
    void refusesShapeDataMismatchAndTruncatedData() throws IOException {
        refuseFile(npy(dict("<f4", "(2, 3)"), floats(7)), "shape/data size mismatch", "needs 24 bytes", "holds 28");
        refuse(npy(dict("<f8", "(2, 3)"), new byte[47]), "truncated data", "needs 48 bytes", "holds 47");
        refuse(npy(dict("<f4", "()"), floats(0)), "truncated data");
    }

    @Test
    void refusesHugeClaimsFromTheFileSize() throws IOException {
        // 80 GB promised, 40 bytes present: the file size refuses it
        NpyFormatException e = refuse(npy(dict("<f4", "(100000, 100000, 2)"), floats(10)), "truncated data");
        assertTrue(e.getMessage().contains("80000000000"), e.getMessage());
        // element counts beyond a Java array or beyond 64 bits
        refuse(npy(dict("<f4", "(4294967296,)"), floats(1)), "more than a Java array can hold");
        refuse(npy(dict("<f4", "(2147483647, 2147483647, 2147483647)"), floats(1)), "more elements than a 64-bit count");
    }

    @Test
    void streamWithHugeClaimIsRefusedWithoutAllocatingIt() throws IOException {
        // 2^31 - 9 doubles (17 GB) promised, 1 kB present: the stream reader must stop at the end of
        // the data, having allocated no more than a small multiple of what arrived.
        byte[] b = npy(dict("<f8", "(" + Npy.MAX_ELEMENTS + ",)"), new byte[1024]);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(b), "s"));
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().contains("truncated data"), e.getMessage());
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes for a 1 kB stream");
        // the same claim in a file is refused from the file size
        refuse(b, "truncated data");
        // beyond a Java array: refused before reading any data
        refuse(npy(dict("<f4", "(" + (Npy.MAX_ELEMENTS + 1L) + ",)"), floats(1)), "truncated data");
        NpyFormatException s = assertThrows(NpyFormatException.class, () -> Npy.read(
                new ByteArrayInputStream(npy(dict("<f4", "(" + (Npy.MAX_ELEMENTS + 1L) + ",)"), floats(1))), "s"));
        assertTrue(s.getMessage().contains("more than a Java array can hold"), s.getMessage());
    }

    @Test
    void missingFileIsAnIoErrorNotAFormatError() {
        assertThrows(NoSuchFileException.class, () -> Npy.read(tmp.resolve("nope.npy")));
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Npy.read((InputStream) null));
        assertThrows(IllegalArgumentException.class, () -> Npy.write(tmp.resolve("x.npy"), null));
        assertThrows(IllegalArgumentException.class, () -> Npy.toBytes(null));
    }
}
