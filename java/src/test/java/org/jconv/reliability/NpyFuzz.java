package org.jconv.reliability;

import static org.jconv.reliability.FuzzLedger.Expect.EITHER;
import static org.jconv.reliability.FuzzLedger.Expect.INVALID;
import static org.jconv.reliability.FuzzLedger.Expect.VALID;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.io.Npy;
import org.jconv.testing.RandomSpecs;

/**
 * The fuzz of {@link Npy#read(Path)} and {@link Npy#read(java.io.InputStream)} on valid files in
 * every form numpy writes (byte orders, Fortran order, versions 1-3) and on random, truncated and
 * lying bytes: wrong magic or version, header lengths that lie, malformed or hostile header
 * dictionaries, unsupported dtypes, shapes that promise 80 GB, trailing bytes, random bit flips.
 * A valid file must read back exactly; anything else must be an {@code NpyFormatException}.
 */
final class NpyFuzz {
    private final FuzzLedger ledger;
    private final Path file;

    NpyFuzz(FuzzLedger ledger, Path dir) {
        this.ledger = ledger;
        this.file = dir.resolve("fuzz.npy");
    }

    /** The bytes of a .npy file: magic, version, header length, the header padded to 64 with a newline, data. */
    static byte[] npy(int major, int minor, String header, byte[] data) {
        int lenBytes = major == 1 ? 2 : 4;
        int pre = 8 + lenBytes;
        int pad = (64 - (pre + header.length() + 1) % 64) % 64;
        byte[] h = (header + " ".repeat(pad) + "\n").getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(pre + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        if (lenBytes == 2) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    static String header(String descr, boolean fortran, int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        s.append(')');
        return header(descr, fortran ? "True" : "False", s.toString());
    }

    static String header(String descr, String fortran, String shape) {
        return "{'descr': " + descr + ", 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
    }

    /** The data of {@code t} in the given byte order, C order or Fortran order. */
    static byte[] data(Tensor t, ByteOrder order, boolean fortran) {
        Tensor src = fortran && t.rank() >= 2 ? t.transpose(reversedAxes(t.rank())) : t;
        ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().bytes()).order(order);
        for (int i = 0; i < t.size(); i++) {
            if (t.dtype() == DType.FLOAT32) {
                b.putFloat((float) src.get(i));
            } else {
                b.putDouble(src.get(i));
            }
        }
        return b.array();
    }

    private static int[] reversedAxes(int r) {
        int[] a = new int[r];
        for (int i = 0; i < r; i++) {
            a[i] = r - 1 - i;
        }
        return a;
    }

    void run(SplittableRandom r) {
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        int[] shape = new int[r.nextInt(5)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(4);
        }
        Tensor t = RandomSpecs.randomTensor(r, dt, shape);
        if (t.size() > 0 && r.nextInt(4) == 0) {
            t.set(r.nextInt(t.size()), new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0}[r.nextInt(3)]);
        }
        String code = dt == DType.FLOAT32 ? "f4" : "f8";
        byte[] valid = Npy.toBytes(t);
        boolean stream = r.nextBoolean();
        String via = stream ? " (stream)" : " (file)";
        switch (r.nextInt(16)) {
            case 0:
                readValid("valid: Npy.toBytes round trip" + via, stream, valid, t);
                return;
            case 1: {
                boolean big = r.nextBoolean();
                boolean fortran = r.nextBoolean();
                int major = 1 + r.nextInt(3);
                String descr = "'" + (big ? ">" : r.nextBoolean() ? "<" : "=") + code + "'";
                byte[] bytes = npy(major, 0, header(descr, fortran, shape),
                        data(t, big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, fortran));
                readValid("valid: " + (big ? "big-endian" : "little-endian") + (fortran ? " Fortran-order" : "")
                        + " version " + major + ".0" + via, stream, bytes, t);
                return;
            }
            case 2: {
                int cut = r.nextInt(valid.length);
                read("Npy.read: truncated file", INVALID, stream, Arrays.copyOf(valid, cut));
                return;
            }
            case 3: {
                byte[] longer = Arrays.copyOf(valid, valid.length + 1 + r.nextInt(9));
                if (stream) {
                    readValid("valid: trailing bytes after the array in a stream (left unread)", true, longer, t);
                } else {
                    read("Npy.read: file longer than the header's shape needs", INVALID, false, longer, "mismatch");
                }
                return;
            }
            case 4: { // the 80 GB header: refused from the file size, or as the stream ends, without allocating it
                String lie = new String[] {"(100000, 100000)", "(2147483647,)", "(3037000500, 3037000500)", "(65536, 65536, 65536)",
                    "(9223372036854775807, 9223372036854775807)"}[r.nextInt(5)];
                byte[] bytes = npy(1, 0, header("'<f8'", "False", lie), new byte[8 * r.nextInt(100)]);
                read("Npy.read: header promises far more data than there is", INVALID, stream, bytes, "shape");
                return;
            }
            case 5: {
                String bad = new String[] {"(-1, 3)", "(2.5,)", "[2, 3]", "(2, 'a')", "None", "(1 2)", "(", "(2,) + (3,)"}[r.nextInt(8)];
                read("Npy.read: malformed shape", INVALID, stream, npy(1, 0, header("'<f4'", "False", bad), new byte[24]), "header");
                return;
            }
            case 6: {
                String descr = new String[] {"'<i4'", "'|b1'", "'<c8'", "'|O'", "'<f2'", "'<U3'", "[('a', '<f4')]", "'<f16'", "'<m8'",
                    "'<i8'", "'>u2'", "None"}[r.nextInt(12)];
                read("Npy.read: unsupported dtype", INVALID, stream, npy(1, 0, header(descr, "False", "(3,)"), new byte[48]), "dtype");
                return;
            }
            case 7: {
                byte[] b = valid.clone();
                int bump = new int[] {1, 64, 1000, 65535 - (b[8] & 0xff)}[r.nextInt(4)];
                int len = (b[8] & 0xff | (b[9] & 0xff) << 8) + (r.nextBoolean() ? bump : -Math.min(bump, 20));
                b[8] = (byte) len;
                b[9] = (byte) (len >> 8);
                // a shorter claim that only drops the header's trailing padding leaves a parsable header: a stream
                // then reads the rest of the padding as data, exactly as numpy would (the file size check refuses it)
                boolean shorter = len < (valid[8] & 0xff | (valid[9] & 0xff) << 8);
                read("Npy.read: header length field lies", shorter && stream ? EITHER : INVALID, stream, b);
                return;
            }
            case 8: {
                byte[] b = npy(2, 0, header("'<f4'", false, new int[] {2}), new byte[8]);
                b[8] = (byte) 0xff;
                b[9] = (byte) 0xff;
                b[10] = (byte) 0xff;
                b[11] = (byte) 0x7f;
                read("Npy.read: version 2 header length of 2 GB", INVALID, stream, b, "header");
                return;
            }
            case 9: {
                byte[] b = valid.clone();
                boolean magic = r.nextBoolean();
                if (magic) {
                    b[r.nextInt(6)] ^= (byte) (1 + r.nextInt(255));
                } else {
                    b[6] = (byte) new int[] {0, 4, 255, 1}[r.nextInt(4)];
                    b[7] = (byte) (b[6] == 1 ? 1 : 0);
                }
                read(magic ? "Npy.read: bad magic" : "Npy.read: unsupported version", INVALID, stream, b, magic ? "magic" : "version");
                return;
            }
            case 10: {
                String h = new String[] {
                    "{'descr': '<f4', 'shape': (2,), }",
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1, }",
                    "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }",
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': __import__('os')}",
                    "{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(5000) + ")".repeat(5000) + ", }",
                    "{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }",
                    "[1, 2, 3]",
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)",
                    "{'descr': '\u00e9f4', 'fortran_order': False, 'shape': (2,), }",
                    "",
                }[r.nextInt(10)];
                read("Npy.read: malformed or hostile header dictionary", INVALID, stream, npy(1, 0, h, new byte[8]));
                return;
            }
            case 11:
                read("Npy.read: empty input", INVALID, stream, new byte[0]);
                return;
            case 12: {
                byte[] b = new byte[r.nextInt(300)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
                if (b.length >= 8 && r.nextBoolean()) {
                    System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, 0, b, 0, 8);
                }
                read("Npy.read: random bytes", INVALID, stream, b);
                return;
            }
            case 13: {
                if (stream) {
                    ledger.attempt("Npy.read: null stream", INVALID, () -> Npy.read((java.io.InputStream) null), "stream");
                } else {
                    ledger.attempt("Npy.read: null path", INVALID, () -> Npy.read((Path) null), "file");
                }
                return;
            }
            default: { // a few random bit flips: may still be a valid file (a flipped data bit), or not
                byte[] b = valid.clone();
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                read("junk: Npy.read after random bit flips", EITHER, stream, b);
                return;
            }
        }
    }

    private void readValid(String kind, boolean stream, byte[] bytes, Tensor expected) {
        Tensor got = read(kind, VALID, stream, bytes);
        if (got != null) {
            if (got.dtype() != expected.dtype() || !Arrays.equals(got.shape(), expected.shape())) {
                ledger.fail(kind, "read " + got + ", wrote " + expected, null);
                return;
            }
            for (int i = 0; i < got.size(); i++) {
                if (Double.compare(got.get(i), expected.get(i)) != 0) {
                    ledger.fail(kind, "element " + i + " read as " + got.get(i) + ", written as " + expected.get(i), null);
                    return;
                }
            }
        }
    }

    private Tensor read(String kind, FuzzLedger.Expect expect, boolean stream, byte[] bytes, String... mention) {
        if (stream) {
            return ledger.attempt(kind, expect, () -> Npy.read(new ByteArrayInputStream(bytes), "fuzz.npy"), mention);
        }
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ledger.attempt(kind, expect, () -> Npy.read(file), mention);
    }
}
