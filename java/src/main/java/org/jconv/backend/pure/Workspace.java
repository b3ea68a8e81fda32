package org.jconv.backend.pure;

/**
 * The scratch memory of one run: im2col rows, the output tile, the channels-first copy of a
 * channels-last image, and the staging arrays of direct-buffer runs. A workspace belongs to one
 * running thread at a time (a plan lends it out of its {@link WorkspacePool}); its arrays are
 * allocated when it is created, sized by the plan's engine, and reused by every later run, so a
 * run allocates nothing. Only the staging arrays are made on the first run that needs them.
 *
 * <p>Only the fields of the plan's dtype are allocated; the others stay null.
 *
 * <pre>{@code
 * Workspace ws = Workspace.of(problem, 9, 256, 1, 256, 0, 0);   // 9 im2col rows, 1 tile row, 256 pixels
 * }</pre>
 */
final class Workspace {
    /** im2col rows (or shifted input rows), each its own array starting at 0. */
    final float[][] rowsF;
    /** Output tile: one array per output channel of a group. */
    final float[][] tileF;
    /** One image transposed to channels first (channels-last plans only). */
    final float[] imageF;
    /** One padded channel plane ({@link PlaneDirect}). */
    final float[] planeF;
    /** Row references handed to the GEMM kernel ({@link RowStream}); holds no data of its own. */
    final float[][] refsF;
    float[] stageInF;
    float[] stageOutF;

    /** im2col rows (or shifted input rows), each its own array starting at 0. */
    final double[][] rowsD;
    /** Output tile: one array per output channel of a group. */
    final double[][] tileD;
    /** One image transposed to channels first (channels-last plans only). */
    final double[] imageD;
    /** One padded channel plane ({@link PlaneDirect}). */
    final double[] planeD;
    /** Row references handed to the GEMM kernel ({@link RowStream}); holds no data of its own. */
    final double[][] refsD;
    double[] stageInD;
    double[] stageOutD;

    private Workspace(float[][] rowsF, float[][] tileF, float[] imageF, float[] planeF, float[][] refsF,
            double[][] rowsD, double[][] tileD, double[] imageD, double[] planeD, double[][] refsD) {
        this.rowsF = rowsF;
        this.tileF = tileF;
        this.imageF = imageF;
        this.planeF = planeF;
        this.refsF = refsF;
        this.rowsD = rowsD;
        this.tileD = tileD;
        this.imageD = imageD;
        this.planeD = planeD;
        this.refsD = refsD;
    }

    /**
     * A workspace of the problem's dtype: {@code rows} arrays of {@code rowLength}, {@code tile}
     * arrays of {@code tileLength}, an image of {@code image} values and a plane of {@code plane}
     * values (0: none).
     */
    static Workspace of(Problem p, int rows, int rowLength, int tile, int tileLength, int image, int plane) {
        return of(p, rows, rowLength, tile, tileLength, image, plane, 0);
    }

    /** As above, plus {@code refs} row references. */
    static Workspace of(Problem p, int rows, int rowLength, int tile, int tileLength, int image, int plane, int refs) {
        if (p.dtype == org.jconv.DType.FLOAT32) {
            return new Workspace(new float[rows][rowLength], new float[tile][tileLength],
                    image == 0 ? null : new float[image], plane == 0 ? null : new float[plane], new float[refs][],
                    null, null, null, null, null);
        }
        return new Workspace(null, null, null, null, null, new double[rows][rowLength], new double[tile][tileLength],
                image == 0 ? null : new double[image], plane == 0 ? null : new double[plane], new double[refs][]);
    }

    /** The input staging array of buffer runs, made on first use. */
    float[] stageInF(int n) {
        if (stageInF == null) {
            stageInF = new float[n];
        }
        return stageInF;
    }

    /** The output staging array of buffer runs, made on first use. */
    float[] stageOutF(int n) {
        if (stageOutF == null) {
            stageOutF = new float[n];
        }
        return stageOutF;
    }

    /** The input staging array of buffer runs, made on first use. */
    double[] stageInD(int n) {
        if (stageInD == null) {
            stageInD = new double[n];
        }
        return stageInD;
    }

    /** The output staging array of buffer runs, made on first use. */
    double[] stageOutD(int n) {
        if (stageOutD == null) {
            stageOutD = new double[n];
        }
        return stageOutD;
    }
}
