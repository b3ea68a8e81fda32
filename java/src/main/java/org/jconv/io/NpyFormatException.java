package org.jconv.io;

/**
 * A file or stream that is not a .npy array jconv can read: bad magic, truncated header or data,
 * malformed header dictionary, unsupported dtype, or a shape that does not match the data. The
 * message starts with the file name (or the stream's label) and says what is wrong, e.g.
 * {@code "weights.npy: unsupported dtype '<i8' (int64): jconv reads float32 and float64; convert
 * with numpy: np.save('weights.npy', a.astype(np.float32))"}.
 *
 * <pre>{@code
 * try {
 *     Tensor t = Npy.read(Path.of("image.npy"));
 * } catch (NpyFormatException e) {
 *     System.err.println(e.getMessage());   // "image.npy: not a .npy file (bad magic ...)"
 * }
 * }</pre>
 */
public class NpyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source  the file name or stream label the problem was found in
     * @param problem what is wrong, without the source
     */
    public NpyFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    /** The file name or stream label. */
    public String source() {
        return source;
    }
}
