package org.jconv.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.dialect.DialectCall;
import org.jconv.dialect.Dialects;
import org.jconv.dialect.Params;
import org.jconv.golden.Agreement;
import org.jconv.golden.GoldenCase;
import org.jconv.golden.GoldenSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jconv demo} (also what {@code jconv} alone runs): the question jconv was built for, on
 * built-in data. One 8x8 image and one 3x3 kernel, computed the scipy way
 * ({@code convolve2d(image, kernel.T, 'same')}, {@code correlate2d}) and the Keras way
 * ({@code Conv2D(padding='same')}); each result with its canonical form, the native and pure-Java
 * backends compared, and every result compared with the real libraries' outputs (seed A of the
 * golden data, shipped in the jar).
 *
 * <pre>
 * jconv demo
 * </pre>
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"The scipy-vs-Keras example on built-in data (the default command).",
            "Shows, on an 8x8 image and a 3x3 kernel, why scipy's convolve2d(image, kernel.T, 'same') and "
                    + "Keras's Conv2D(padding='same') differ, what each computes in jconv's canonical form, and "
                    + "checks every result against the real libraries' outputs."})
final class DemoCommand implements Callable<Integer> {
    static final String SEED = "/org/jconv/cli/seed/";
    static final String SCIPY_T = "seedA-scipy-convolve2d-same-kernelT-001";
    static final String KERAS = "seedA-keras-Conv2D-same-002";
    static final String CORRELATE = "seedA-scipy-correlate2d-same-003";
    static final String ROT180 = "seedA-scipy-convolve2d-same-rot180-004";

    private static final String MATRIX = "%7.3f";
    private static final String IN = "   ";

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Spec
    CommandSpec spec;

    /** Set when run as the default command; otherwise the command line's writer. */
    PrintWriter out;

    /** One seed computation: the case, its results per backend, and how they compare. */
    private static final class Run {
        final GoldenCase c;
        final DialectCall call;
        final Tensor java;
        final Tensor nat;
        final Agreement golden;
        final Agreement goldenNative;

        Run(GoldenSet set, GoldenCase c, Backend nativeBackend) throws IOException {
            this.c = c;
            Tensor x = set.array(c.inputFile());
            Tensor k = set.array(c.kernelFile());
            this.call = Dialects.forSystem(c.system()).translate(Params.of(c.params()), x, k, null);
            this.java = call.run(Backends.java());
            this.nat = nativeBackend == null ? null : call.run(nativeBackend);
            Tensor expected = set.array(c.expectedFile());
            this.golden = Agreement.of(java, expected, c.atol(), c.rtol());
            this.goldenNative = nat == null ? null : Agreement.of(nat, expected, c.atol(), c.rtol());
        }

        /** The result shown: native when it ran, else Java. */
        Tensor shown() {
            return nat != null ? nat : java;
        }

        boolean matchesGolden() {
            return golden.within() && (goldenNative == null || goldenNative.within());
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter o = out != null ? out : spec.commandLine().getOut();
        GoldenSet set = GoldenSet.fromClasspath(DemoCommand.class, SEED);
        Backend nat = null;
        String nativeNote;
        try {
            nat = Backends.nativeBackend();
            nativeNote = null;
        } catch (IllegalStateException e) {
            nativeNote = "The native backend does not load here (" + Errors.firstLine(e.getMessage())
                    + "); every result below is the pure-Java backend's.";
        }
        Run scipyT = new Run(set, set.find(SCIPY_T), nat);
        Run keras = new Run(set, set.find(KERAS), nat);
        Run corr = new Run(set, set.find(CORRELATE), nat);
        Run rot = new Run(set, set.find(ROT180), nat);
        Tensor image = set.array(keras.c.inputFile()).reshape(8, 8);
        Tensor kernel = set.array(keras.c.kernelFile()).reshape(3, 3);
        Tensor kernelT = set.array(scipyT.c.kernelFile());
        Tensor kernelRot = set.array(rot.c.kernelFile());

        List<String> lines = new ArrayList<>();
        lines.add("jconv demo: one 8x8 image, one 3x3 kernel, the scipy way and the Keras way");
        lines.addAll(Text.wrap("(seed A of jconv's golden data, float32; the expected outputs were computed by "
                + provenance(scipyT.c) + " and " + provenance(keras.c) + ")", Text.WIDTH - 2, ""));
        if (nativeNote != null) {
            lines.addAll(Text.wrap(nativeNote, Text.WIDTH - 2, ""));
        }
        lines.add("");
        lines.add("image:");
        lines.addAll(Text.matrix(image, 8, MATRIX, IN));
        lines.add("");
        lines.add(IN + pad("kernel", 25) + pad("kernel.T", 25) + "kernel[::-1, ::-1]");
        List<String> k1 = Text.matrix(kernel, 3, MATRIX, "");
        List<String> k2 = Text.matrix(kernelT, 3, MATRIX, "");
        List<String> k3 = Text.matrix(kernelRot, 3, MATRIX, "");
        for (int i = 0; i < 3; i++) {
            lines.add(IN + pad(k1.get(i), 25) + pad(k2.get(i), 25) + k3.get(i));
        }
        lines.add("");
        section(lines, "1. scipy.signal.convolve2d(image, kernel.T, mode='same')", scipyT);
        section(lines, "2. keras.layers.Conv2D(1, 3, padding='same', use_bias=False)", keras);

        Agreement apart = Agreement.of(keras.shown(), scipyT.shown(), 0, 0); // indices in scipy's 8x8
        int[] at = apart.worstIndex();
        lines.add("The two differ by up to " + Text.g3(apart.maxAbsErr())
                + (at == null ? "" : " (row " + at[0] + ", column " + at[1] + ")") + ". Why:");
        for (String para : new String[] {
            "Keras's Conv2D is a cross-correlation: it slides the kernel as it is.",
            "scipy's convolve2d is a true convolution: it first rotates the kernel by 180 degrees"
                    + " (reverses the rows AND the columns, kernel[::-1, ::-1]).",
            "kernel.T exchanges rows and columns instead: a transpose is not a rotation, so"
                    + " convolve2d(image, kernel.T) is not Keras's result (unless the kernel is symmetric).",
            "Keras = correlate2d(image, kernel) = convolve2d(image, kernel[::-1, ::-1]), here checked"
                    + " (the last equality needs an odd kernel size: for even sizes 'same' puts the extra"
                    + " padding row/column on opposite sides):"}) {
            lines.addAll(Text.wrap(para, Text.WIDTH - 2, IN));
        }
        lines.add(check("correlate2d(image, kernel, 'same')", corr, keras));
        lines.add(check("convolve2d(image, kernel[::-1, ::-1], 'same')", rot, keras));
        lines.add(check("convolve2d(image, kernel.T, 'same')", scipyT, keras));
        lines.add("");

        boolean ok = true;
        for (Run r : List.of(scipyT, keras, corr, rot)) {
            ok &= r.matchesGolden();
        }
        String backends = nat == null ? "the Java backend" : "both backends";
        lines.add(ok ? "All 4 results match the real libraries' outputs on " + backends + "."
                : "MISMATCH: a result differs from the real library's output; this is a jconv bug.");
        lines.add("Next: jconv conv --help, jconv explain --help, jconv verify testdata/golden");
        for (String l : lines) {
            o.println(l);
        }
        o.flush();
        return ok ? Main.OK : Main.FAILED;
    }

    private static String provenance(GoldenCase c) {
        String r = c.reference();
        int colon = r == null ? -1 : r.indexOf(':');
        return colon < 0 ? String.valueOf(r) : r.substring(0, colon);
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    private static void section(List<String> lines, String title, Run r) {
        lines.add(title);
        lines.addAll(Text.matrix(r.shown(), 8, MATRIX, IN));
        lines.add(IN + "canonical form:");
        lines.addAll(Text.wrap(r.call.explain(), Text.WIDTH - 2, IN + "  "));
        if (r.nat != null) {
            lines.add(IN + "native vs pure Java: max |difference| "
                    + Text.g3(Agreement.of(r.nat, r.java, 0, 0).maxAbsErr()));
        }
        Agreement g = r.goldenNative != null ? r.goldenNative : r.golden;
        double worst = Math.max(r.golden.maxAbsErr(), r.goldenNative == null ? 0 : r.goldenNative.maxAbsErr());
        lines.addAll(Text.wrap("vs " + provenance(r.c) + ": max |error| " + Text.g3(worst) + ", atol "
                + Text.g3(r.c.atol()) + ": " + (r.matchesGolden() ? "match" : "MISMATCH (" + g + ")"), Text.WIDTH - 2, IN));
        lines.add("");
    }

    private static String check(String what, Run r, Run keras) {
        Agreement a = Agreement.of(r.shown(), keras.shown(), r.c.atol(), 0);
        return IN + " " + pad(what, 47) + "vs Keras: " + pad(Text.g3(a.maxAbsErr()), 9)
                + (a.within() ? "same" : "DIFFERENT");
    }
}
