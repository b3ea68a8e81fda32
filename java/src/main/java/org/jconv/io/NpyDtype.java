package org.jconv.io;

import java.nio.ByteOrder;
import org.jconv.DType;

/**
 * numpy's {@code descr} strings ({@code '<f4'}, {@code '>f8'}, {@code '=d'}, {@code '|O'}, ...) mapped to
 * jconv's dtypes, and the refusal of every other dtype with the numpy call that converts it.
 *
 * <pre>{@code
 * NpyDtype.dtype("<f4", "x.npy");      // FLOAT32
 * NpyDtype.dtype("<i8", "x.npy");      // NpyFormatException: unsupported dtype '<i8' (int64) ...
 * }</pre>
 */
final class NpyDtype {
    private NpyDtype() {
    }

    /** float32 or float64 for a supported descr; otherwise a {@link NpyFormatException} naming the dtype. */
    static DType dtype(String descr, String label) {
        String body = stripOrder(descr);
        switch (body) {
            case "f4": case "f": return DType.FLOAT32;
            case "f8": case "d": return DType.FLOAT64;
            default:
                break;
        }
        String name = numpyName(body);
        String what = "unsupported dtype '" + descr + "'" + (name == null ? "" : " (" + name + ")");
        if ("object".equals(name)) {
            throw new NpyFormatException(label, what + ": object arrays hold pickled Python objects, not numbers; "
                    + "convert with numpy: np.save(path, np.asarray(a, dtype=np.float32))");
        }
        throw new NpyFormatException(label, what + ": jconv reads float32 and float64 only; "
                + "convert with numpy: np.save(path, a.astype(np.float32)) (or np.float64)");
    }

    /** The byte order of a float descr: '<' little, '>' big, '=', '|' or none: this machine's. */
    static ByteOrder byteOrder(String descr) {
        if (descr.startsWith("<")) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (descr.startsWith(">")) {
            return ByteOrder.BIG_ENDIAN;
        }
        return ByteOrder.nativeOrder();
    }

    private static String stripOrder(String descr) {
        if (!descr.isEmpty() && "<>=|".indexOf(descr.charAt(0)) >= 0) {
            return descr.substring(1);
        }
        return descr;
    }

    /** numpy's name of a dtype body such as {@code i8} or {@code c16}, or null when unknown. */
    static String numpyName(String body) {
        if (body.isEmpty()) {
            return null;
        }
        char k = body.charAt(0);
        String size = body.substring(1);
        int bytes = -1;
        if (!size.isEmpty()) {
            try {
                bytes = Integer.parseInt(size.replaceAll("\\[.*$", ""));
            } catch (NumberFormatException e) {
                bytes = -1;
            }
        }
        switch (k) {
            case '?': return "bool";
            case 'b': return size.isEmpty() ? "int8" : bytes == 1 ? "bool" : null;
            case 'B': return "uint8";
            case 'h': return "int16";
            case 'H': return "uint16";
            case 'l': case 'q': return "int64";
            case 'L': case 'Q': return "uint64";
            case 'i': return size.isEmpty() ? "int32" : bytes > 0 ? "int" + 8 * bytes : null;
            case 'I': return "uint32";
            case 'u': return bytes > 0 ? "uint" + 8 * bytes : null;
            case 'f': return bytes > 0 ? "float" + 8 * bytes : null;
            case 'e': return "float16";
            case 'g': return "longdouble";
            case 'c': return bytes > 0 ? "complex" + 8 * bytes : null;
            case 'F': return "complex64";
            case 'D': return "complex128";
            case 'G': return "clongdouble";
            case 'O': return "object";
            case 'S': case 'a': return "bytes";
            case 'U': return "str";
            case 'V': return "void (raw bytes)";
            case 'M': return "datetime64";
            case 'm': return "timedelta64";
            default: return null;
        }
    }
}
