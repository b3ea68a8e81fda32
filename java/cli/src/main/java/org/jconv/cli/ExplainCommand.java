package org.jconv.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.dialect.DialectCall;
import org.jconv.spec.ConvGeometry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jconv explain}: what a dialect call means in the canonical form, and its output shape,
 * from the shapes alone.
 *
 * <pre>
 * jconv explain --dialect keras --padding same --strides 2 --input-shape 1,224,224,3 --kernel-shape 3,3,3,64
 * </pre>
 */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Show what a dialect call computes, from the shapes alone.",
            "Prints the canonical form of the call (flip, pads, border, stride, dilation, groups, layouts) "
                    + "and its output shape."},
        footer = {"",
            "Dialect options are written as for 'jconv conv' (see 'jconv conv --help').",
            "",
            "Examples:",
            "  jconv explain --dialect keras --padding same --strides 2 \\",
            "      --input-shape 1,224,224,3 --kernel-shape 3,3,3,64",
            "  jconv explain --dialect scipy.convolve2d --mode same \\",
            "      --input-shape 8,8 --kernel-shape 4,4",
            "  jconv explain --dialect onnx --auto-pad SAME_LOWER --strides 2,2 \\",
            "      --input-shape 1,3,10,10 --kernel-shape 8,3,4,4"})
final class ExplainCommand implements Callable<Integer>, Main.TakesDialectOptions {
    /** Explain builds zero arrays of the given shapes; past this many elements it refuses instead. */
    static final long MAX_ELEMENTS = 1L << 28;

    @Option(names = "--dialect", required = true, paramLabel = "D",
            description = "The system: a name such as keras.layers.Conv2D or an alias such as keras.")
    String dialect;

    @Option(names = "--input-shape", required = true, paramLabel = "SHAPE",
            description = "The input's shape in the system's layout, e.g. 1,224,224,3.")
    String inputShape;

    @Option(names = "--kernel-shape", required = true, paramLabel = "SHAPE",
            description = "The kernel's shape in the system's layout, e.g. 3,3,3,64.")
    String kernelShape;

    @Option(names = "--bias-shape", paramLabel = "SHAPE", description = "The bias's shape, when the call has a bias.")
    String biasShape;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "float32",
            description = "float32 or float64. Default: ${DEFAULT-VALUE}.")
    String dtype;

    @Option(names = "--params-json", paramLabel = "JSON", description = "The dialect's params as one JSON object.")
    String paramsJson;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Spec
    CommandSpec spec;

    private Map<String, Object> dialectParams = new LinkedHashMap<>();

    @Override
    public void setDialectParams(Map<String, Object> params) {
        this.dialectParams = new LinkedHashMap<>(params);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DialectRequest request = new DialectRequest(dialect, dialectParams, paramsJson);
        request.dialect();
        DType dt;
        try {
            dt = DType.parse(dtype);
        } catch (IllegalArgumentException e) {
            throw new UserError("--dtype '" + dtype + "': use float32 or float64");
        }
        Tensor x = zeros(dt, "--input-shape", inputShape);
        Tensor w = zeros(dt, "--kernel-shape", kernelShape);
        Tensor b = biasShape == null ? null : zeros(dt, "--bias-shape", biasShape);
        DialectCall call = request.translate(x, w, b);
        ConvGeometry g = call.geometry();
        out.println(call.explain());
        out.println("output shape: " + Shapes.python(call.outputShape()));
        out.println("multiply-adds: " + g.taps() + " per output element, " + count(g.macs()) + " in total");
        out.flush();
        return Main.OK;
    }

    private static Tensor zeros(DType dt, String option, String text) {
        int[] s = Shapes.parse(option, text);
        long n = Tensor.elementCount(s);
        if (n > MAX_ELEMENTS) {
            throw new UserError(option + " " + Shapes.python(s) + " has " + n + " elements; explain builds zero arrays "
                    + "and stops at " + MAX_ELEMENTS);
        }
        return Tensor.zeros(dt, s);
    }

    private static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        String[] units = {"thousand", "million", "billion", "trillion"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%d (%.3g %s)", n, v, units[u]);
    }
}
