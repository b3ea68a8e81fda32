package org.jconv.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.jconv.DType;

/**
 * The denominator of every ratio: the OpenBLAS GEMMs that im2col+GEMM would call for a case
 * ({@link GemmShape}), run on direct memory (JavaCPP pointers), row-major, with operands allocated
 * and filled once. It does not depend on what jconv's implementation actually does.
 *
 * <p>Operands, laid out as an im2col implementation would hold them, so the baseline moves the
 * same data (issue 5 counts the depthwise GEMMs' traffic through the full im2col matrix):
 * <ul>
 * <li>A: the kernel matrix {@code [groups*m, k]}; group g uses rows {@code g*m ..}.</li>
 * <li>B: one image's im2col matrix {@code [groups*k, n]}, reused for every image as a workspace
 *     would be; group g uses rows {@code g*k ..}.</li>
 * <li>C: the whole output {@code [images*groups*m, n]}.</li>
 * </ul>
 * When B would exceed {@code -Djconv.bench.gemmMaxBytes} (default 512 MiB; only img512_k31, 2.3 GB
 * in float64, does), B holds a block of columns and each GEMM is issued as consecutive column
 * blocks: the same FLOPs, and a block still far larger than any cache, so the streaming cost of B
 * is kept. {@link #chunks()} says how many blocks.
 *
 * <pre>{@code
 * BenchCase c = Suite.bundled().byId("r50_3x3_56");
 * try (GemmBaseline gemm = GemmBaseline.create(c.gemm())) {
 *     ThreadSetting.apply(1);
 *     gemm.run();                          // one sgemm M=64 N=3136 K=576
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one caller at a time (the benchmark's single calling thread).
 */
public final class GemmBaseline implements AutoCloseable {
    /** System property: most bytes the B operand may take before the GEMM is issued in column blocks. */
    public static final String MAX_BYTES_PROPERTY = "jconv.bench.gemmMaxBytes";
    private static final long DEFAULT_MAX_B_BYTES = 512L << 20;

    private final GemmShape shape;
    private final int chunkCols;
    private final int chunks;
    private final Pointer a;
    private final Pointer b;
    private final Pointer c;
    // One pre-positioned pointer per call, so run() creates no objects.
    private final Pointer[] aAt;
    private final Pointer[] bAt;
    private final Pointer[] cAt;
    private final int[] cols;

    private GemmBaseline(GemmShape shape, long maxBBytes) {
        this.shape = shape;
        int bytes = shape.dtype().bytes();
        long rowsB = (long) shape.groups() * shape.k();
        long fullBytes = rowsB * shape.n() * bytes;
        long colsFit = Math.max(1, maxBBytes / (rowsB * bytes));
        this.chunkCols = fullBytes <= maxBBytes ? shape.n() : (int) Math.min(shape.n(), colsFit);
        this.chunks = (shape.n() + chunkCols - 1) / chunkCols;

        long aLen = (long) shape.groups() * shape.m() * shape.k();
        long bLen = rowsB * chunkCols;
        long cLen = (long) shape.count() * shape.m() * shape.n();
        boolean f32 = shape.dtype() == DType.FLOAT32;
        this.a = f32 ? new FloatPointer(aLen) : new DoublePointer(aLen);
        this.b = f32 ? new FloatPointer(bLen) : new DoublePointer(bLen);
        this.c = f32 ? new FloatPointer(cLen) : new DoublePointer(cLen);
        fill(a, 1.0 / Math.sqrt(shape.k()), 11);
        fill(b, 1.0, 12);
        fill(c, 0.0, 13);

        int calls = shape.count() * chunks;
        aAt = new Pointer[calls];
        bAt = new Pointer[calls];
        cAt = new Pointer[calls];
        cols = new int[calls];
        int i = 0;
        for (int img = 0; img < shape.images(); img++) {
            for (int g = 0; g < shape.groups(); g++) {
                for (int j = 0; j < chunks; j++) {
                    long col0 = (long) j * chunkCols;
                    aAt[i] = at(a, (long) g * shape.m() * shape.k());
                    bAt[i] = at(b, (long) g * shape.k() * chunkCols);
                    cAt[i] = at(c, ((long) img * shape.groups() + g) * shape.m() * shape.n() + col0);
                    cols[i] = (int) Math.min(chunkCols, shape.n() - col0);
                    i++;
                }
            }
        }
    }

    /** Allocates and fills the operands of {@code shape} (may take a second for the large cases). */
    public static GemmBaseline create(GemmShape shape) {
        return create(shape, Long.getLong(MAX_BYTES_PROPERTY, DEFAULT_MAX_B_BYTES));
    }

    /** As {@link #create(GemmShape)} with an explicit limit on B's bytes. */
    public static GemmBaseline create(GemmShape shape, long maxBBytes) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        if (maxBBytes < 1) {
            throw new IllegalArgumentException(MAX_BYTES_PROPERTY + " must be >= 1, got " + maxBBytes);
        }
        return new GemmBaseline(shape, maxBBytes);
    }

    private static Pointer at(Pointer base, long offset) {
        return base instanceof FloatPointer ? new FloatPointer(base).position(offset)
                : new DoublePointer(base).position(offset);
    }

    private static void fill(Pointer p, double scale, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long len = p.limit();
        // Filled through NIO views in blocks: one JNI call per element would take minutes for B.
        final long block = 1 << 24;
        for (long off = 0; off < len; off += block) {
            int n = (int) Math.min(block, len - off);
            if (p instanceof FloatPointer) {
                FloatBuffer fb = new FloatPointer(p).position(off).limit(off + n).asBuffer();
                for (int i = 0; i < n; i++) {
                    fb.put(i, (float) (scale * (2 * rnd.nextDouble() - 1)));
                }
            } else {
                DoubleBuffer db = new DoublePointer(p).position(off).limit(off + n).asBuffer();
                for (int i = 0; i < n; i++) {
                    db.put(i, scale * (2 * rnd.nextDouble() - 1));
                }
            }
        }
    }

    /** The GEMM shape this baseline runs. */
    public GemmShape shape() {
        return shape;
    }

    /** Column blocks per GEMM: 1 unless B was capped (see the class comment). */
    public int chunks() {
        return chunks;
    }

    /** E.g. {@code "sgemm M=64 N=3136 K=576 x8"}, plus the column blocks when there are several. */
    public String describe() {
        return shape.describe() + (chunks > 1 ? " (B in " + chunks + " column blocks of " + chunkCols + ")" : "");
    }

    /** Runs all the GEMMs once: C = A * B for every image, group (and column block). */
    public void run() {
        int m = shape.m();
        int k = shape.k();
        int ldc = shape.n();
        if (shape.dtype() == DType.FLOAT32) {
            for (int i = 0; i < cols.length; i++) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, cols[i], k, 1f, (FloatPointer) aAt[i], k,
                        (FloatPointer) bAt[i], chunkCols, 0f, (FloatPointer) cAt[i], ldc);
            }
        } else {
            for (int i = 0; i < cols.length; i++) {
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, cols[i], k, 1.0, (DoublePointer) aAt[i], k,
                        (DoublePointer) bAt[i], chunkCols, 0.0, (DoublePointer) cAt[i], ldc);
            }
        }
    }

    /** Copies of the operands as float64, for tests: {a, b, c}. */
    double[][] operands() {
        return new double[][] {toDoubles(a), toDoubles(b), toDoubles(c)};
    }

    private static double[] toDoubles(Pointer p) {
        double[] out = new double[Math.toIntExact(p.limit())];
        for (int i = 0; i < out.length; i++) {
            out[i] = p instanceof FloatPointer ? ((FloatPointer) p).get(i) : ((DoublePointer) p).get(i);
        }
        return out;
    }

    /** Frees the operands. */
    @Override
    public void close() {
        a.close();
        b.close();
        c.close();
    }
}
