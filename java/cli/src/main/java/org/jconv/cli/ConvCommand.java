package org.jconv.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.dialect.DialectCall;
import org.jconv.golden.Agreement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jconv conv}: one convolution on .npy files, in a dialect's conventions, written to a .npy
 * file.
 *
 * <pre>
 * jconv conv --dialect keras --padding same --strides 2 x.npy w.npy --bias b.npy -o y.npy
 * </pre>
 */
@Command(name = "conv", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Convolve .npy files exactly as a given system (scipy, Keras, torch, ...) does.",
            "Reads INPUT.npy and KERNEL.npy in the system's own layouts (e.g. Keras: input NHWC, kernel HWIO), "
                    + "computes what the system computes and writes OUT.npy."},
        footer = {"",
            "Dialect options: the system's own params, underscores written as dashes",
            "(padding_mode is --padding-mode). Values as in Python without brackets or",
            "spaces: numbers and lists comma-separated (--strides 2,1), strings bare",
            "(--padding same), booleans true/false, nested lists as JSON",
            "(--padding '[[0,0],[1,2],[3,4],[0,0]]'). --params-json '{\"padding\": \"same\"}'",
            "passes a params object. Unknown params are refused by the dialect.",
            "For torch.nn.Conv2d, '--bias true|false' is its bias param; with a bias array,",
            "give the file: --bias b.npy.",
            "",
            "Examples:",
            "  jconv conv --dialect keras --padding same x.npy k.npy -o y.npy",
            "  jconv conv --dialect scipy.convolve2d --mode same --boundary symm \\",
            "      image.npy kernel.npy -o out.npy",
            "  jconv conv --dialect torch --stride 2 --padding 1 x.npy w.npy --bias b.npy \\",
            "      -o y.npy --backend crosscheck"})
final class ConvCommand implements Callable<Integer>, Main.TakesDialectOptions {
    @Option(names = "--dialect", required = true, paramLabel = "D",
            description = "The system: a name such as keras.layers.Conv2D or an alias such as keras (list below).")
    String dialect;

    @Parameters(index = "0", paramLabel = "INPUT.npy", description = "The input array.")
    Path input;

    @Parameters(index = "1", paramLabel = "KERNEL.npy", description = "The kernel (filter, weight) array.")
    Path kernel;

    @Option(names = "--bias", paramLabel = "B.npy", description = "The bias array (one value per output channel).")
    String bias;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.npy",
            description = "Where to write the result (the directory must exist).")
    Path output;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "auto",
            description = "native, java, crosscheck (both, reporting their largest difference) or auto "
                    + "(native when it loads here). Default: ${DEFAULT-VALUE}.")
    String backend;

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
        Map<String, Object> params = new LinkedHashMap<>(dialectParams);
        Path biasFile = null;
        if (bias != null && bias.matches("(?i)true|false")) {
            // torch.nn.Conv2d(bias=True|False) is a param; a file named "true" is not a thing
            params.put("bias", Boolean.parseBoolean(bias.toLowerCase(Locale.ROOT)));
        } else if (bias != null) {
            biasFile = Path.of(bias);
        }
        DialectRequest request = new DialectRequest(dialect, params, paramsJson);
        request.dialect();
        BackendChoice choice = BackendChoice.parse(backend);
        NpyFiles.checkWritable(output);

        Tensor x = NpyFiles.read(input, "input");
        Tensor w = NpyFiles.read(kernel, "kernel");
        Tensor b = biasFile == null ? null : NpyFiles.read(biasFile, "bias");
        DialectCall call = request.translate(x, w, b);

        Backend first = choice.first();
        Tensor y = call.run(first);
        String check = null;
        if (choice == BackendChoice.CROSSCHECK) {
            Tensor yj = call.run(Backends.java());
            Agreement a = Agreement.of(y, yj, 0, 0);
            check = "crosscheck: max |native - java| = " + Text.g3(a.maxAbsErr()) + " over " + y.size()
                    + " elements (largest |output| " + Text.g3(y.maxAbs()) + ")";
        }
        NpyFiles.write(output, y);

        out.println(call.explain());
        out.println("wrote " + output + ": " + y.dtype().numpyName() + " " + Shapes.python(y.shape()) + ", "
                + first.name() + " backend");
        if (check != null) {
            out.println(check);
        }
        out.flush();
        return Main.OK;
    }

    /** The --backend values. */
    enum BackendChoice {
        AUTO, NATIVE, JAVA, CROSSCHECK;

        static BackendChoice parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserError("--backend '" + s + "' is unknown: use native, java, crosscheck or auto");
            }
        }

        /** The backend that computes the written result. */
        Backend first() {
            try {
                switch (this) {
                    case JAVA:
                        return Backends.java();
                    case AUTO:
                        return Backends.preferred();
                    default:
                        return Backends.nativeBackend();
                }
            } catch (IllegalStateException e) {
                throw new UserError(Errors.firstLine(e.getMessage())
                        + "\nuse --backend java", e);
            }
        }
    }
}
