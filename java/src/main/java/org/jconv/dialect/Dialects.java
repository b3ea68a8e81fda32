package org.jconv.dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of dialects, by the {@code system} names of the golden-data format
 * ({@code "scipy.signal.convolve2d"}, {@code "keras.layers.Conv2D"}, {@code "onnx.Conv"}, ...) and
 * by the short aliases of the command line:
 *
 * <table>
 * <caption>aliases</caption>
 * <tr><th>alias</th><th>dialect</th></tr>
 * <tr><td>{@code scipy.convolve2d}</td><td>{@code scipy.signal.convolve2d}</td></tr>
 * <tr><td>{@code scipy.correlate2d}</td><td>{@code scipy.signal.correlate2d}</td></tr>
 * <tr><td>{@code keras}</td><td>{@code keras.layers.Conv2D}</td></tr>
 * <tr><td>{@code keras.depthwise}</td><td>{@code keras.layers.DepthwiseConv2D}</td></tr>
 * <tr><td>{@code tf}</td><td>{@code tf.nn.conv2d}</td></tr>
 * <tr><td>{@code theano}</td><td>{@code theano.tensor.nnet.conv2d}</td></tr>
 * <tr><td>{@code torch}</td><td>{@code torch.nn.functional.conv2d} that also accepts nn.Conv2d's
 *     {@code padding_mode} ({@link TorchDialect#functionalWithPaddingMode()})</td></tr>
 * <tr><td>{@code onnx}</td><td>{@code onnx.Conv}</td></tr>
 * </table>
 *
 * <p>Every system of the format translates: 2-D, 1-D and 3-D convolution and transposed convolution
 * (SEMANTICS.md section 3.1).
 *
 * <pre>{@code
 * Dialect keras = Dialects.forSystem("keras");                     // keras.layers.Conv2D
 * DialectCall call = keras.translate(Params.builder().put("padding", "same").build(), x, k, null);
 * System.out.println(Dialects.systems());
 * }</pre>
 */
public final class Dialects {
    private static final Map<String, Dialect> SYSTEMS = new LinkedHashMap<>();
    private static final Map<String, Dialect> ALIASES = new LinkedHashMap<>();

    static {
        // FORMAT.md's order: the 2-D systems, then 1-D, 3-D and transposed
        for (Dialect d : List.of(ScipyDialect.convolve2d(), ScipyDialect.correlate2d(), TorchDialect.functional(),
                TorchDialect.module(), TfDialect.conv2d(), TfDialect.depthwiseConv2d(), KerasDialect.conv2D(),
                KerasDialect.depthwiseConv2D(), TheanoDialect.conv2d(), OnnxDialect.conv(), TorchDialect.conv1d(),
                TorchDialect.conv3d(), TorchTransposeDialect.convTranspose1d(), TorchTransposeDialect.convTranspose2d(),
                TorchTransposeDialect.convTranspose3d(), TfDialect.conv1d(), TfDialect.conv3d(),
                TfTransposeDialect.conv2dTranspose(), KerasDialect.conv1D(), KerasDialect.conv3D(),
                KerasTransposeDialect.conv2DTranspose(), OnnxTransposeDialect.convTranspose())) {
            SYSTEMS.put(d.system(), d);
        }
        ALIASES.put("scipy.convolve2d", ScipyDialect.convolve2d());
        ALIASES.put("scipy.correlate2d", ScipyDialect.correlate2d());
        ALIASES.put("keras", KerasDialect.conv2D());
        ALIASES.put("keras.depthwise", KerasDialect.depthwiseConv2D());
        ALIASES.put("tf", TfDialect.conv2d());
        ALIASES.put("theano", TheanoDialect.conv2d());
        ALIASES.put("torch", TorchDialect.functionalWithPaddingMode());
        ALIASES.put("onnx", OnnxDialect.conv());
    }

    private Dialects() {
    }

    /**
     * The dialect of a system name or alias.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known systems and aliases
     */
    public static Dialect forSystem(String name) {
        if (name == null) {
            throw new IllegalArgumentException("system must not be null");
        }
        Dialect d = SYSTEMS.get(name);
        if (d == null) {
            d = ALIASES.get(name);
        }
        if (d == null) {
            throw new IllegalArgumentException("unknown system '" + name + "'; known systems: "
                    + String.join(", ", SYSTEMS.keySet()) + "; aliases: " + String.join(", ", ALIASES.keySet()));
        }
        return d;
    }

    /** Every system name {@link #forSystem} knows, in the format's order. */
    public static List<String> systems() {
        return Collections.unmodifiableList(new ArrayList<>(SYSTEMS.keySet()));
    }

    /** The systems that translate: all of {@link #systems()} (kept for callers that ask). */
    public static List<String> supportedSystems() {
        return systems();
    }

    /**
     * True when {@code name} (a system or alias) translates: every known name does.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static boolean isSupported(String name) {
        return forSystem(name) != null;
    }

    /** The command-line aliases and the system each stands for. */
    public static Map<String, String> aliases() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Dialect> e : ALIASES.entrySet()) {
            out.put(e.getKey(), e.getValue() == TorchDialect.functionalWithPaddingMode()
                    ? e.getValue().system() + " + padding_mode" : e.getValue().system());
        }
        return Collections.unmodifiableMap(out);
    }
}
