package org.jconv.nativelib.presets;

import java.util.List;
import org.bytedeco.javacpp.ClassProperties;
import org.bytedeco.javacpp.LoadEnabled;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;
import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * JavaCPP preset of the jconv native core: generates {@code org.jconv.nativelib.global.jconv}
 * (functions) and {@code org.jconv.nativelib.jconv_desc} / {@code jconv_plan} from
 * {@code native/include/jconv/jconv.h}, and builds {@code libjnijconv.so}, which statically contains
 * the CMake-built core ({@code libjconv_core.a}) and links the OpenBLAS of the bytedeco jar.
 *
 * <p>Why {@code openblas_nolapack} and the {@link #init} hook (BUILD-NOTES items 1-2): inheriting the
 * full {@code openblas} preset makes the parser read the LAPACK headers (about a minute per build).
 * {@code openblas_nolapack}'s link name ({@code openblas_nolapack@.0}) is not a file in the jar, so at
 * build time only we link {@code -lopenblas} (which resolves to a symlink to the jar's
 * {@code libopenblas.so.0}) plus the static core. At run time nothing is renamed: the Loader preloads
 * the jar's OpenBLAS exactly as the bytedeco preset does, so there is one OpenBLAS in the process.
 */
@Properties(
    inherit = openblas_nolapack.class,
    target = "org.jconv.nativelib",
    global = "org.jconv.nativelib.global.jconv",
    value = @Platform(value = "linux-x86_64", include = "jconv/jconv.h"))
public class jconv implements LoadEnabled, InfoMapper {
    static {
        Loader.checkVersion("org.bytedeco", "openblas");
    }

    @Override
    public void init(ClassProperties properties) {
        if (Loader.isLoadLibraries()) {
            return; // run time: keep the inherited preload list untouched
        }
        // JavaCPP emits the links in reverse list order; the static core must come before
        // -lopenblas on the command line so that its BLAS references resolve against it.
        List<String> links = properties.get("platform.link");
        links.removeIf(l -> l.startsWith("openblas_nolapack") || l.equals("openblas") || l.equals("jconv_core"));
        links.add("openblas");
        links.add("jconv_core");
    }

    @Override
    public void map(InfoMap infoMap) {
        infoMap.put(new Info("JCONV_JCONV_H").cppText(""))
               .put(new Info("JCONV_MAX_RANK").translate(true))
               .put(new Info("jconv_plan_run_f32").javaText(runDeclarations("f32", "Float", "float")))
               .put(new Info("jconv_plan_run_f64").javaText(runDeclarations("f64", "Double", "double")));
    }

    /**
     * The run function's usual overloads (pointer, buffer, array) plus {@code ..._critical}: the same
     * C function with heap arrays passed by {@code GetPrimitiveArrayCritical} instead of
     * {@code Get<Type>ArrayElements}. The latter copies both arrays in and out (BUILD-NOTES item 9:
     * 3-4 MB per r50 layer, about 13 % of its run time); the critical form hands the core the arrays
     * themselves, at the price of holding off the garbage collector for the run. The Java plan picks
     * one (NativeConvPlan); the core calls nothing of the JVM, as a critical region requires.
     */
    private static String runDeclarations(String suffix, String type, String prim) {
        String name = "jconv_plan_run_" + suffix;
        String tail = " output,\n                       Pointer workspace, @Cast(\"int64_t\") long workspace_bytes);\n";
        return "public static native int " + name + "(@Const jconv_plan plan, @Const " + type + "Pointer input, "
                + type + "Pointer" + tail
                + "public static native int " + name + "(@Const jconv_plan plan, @Const " + type + "Buffer input, "
                + type + "Buffer" + tail
                + "public static native int " + name + "(@Const jconv_plan plan, @Const " + prim + "[] input, "
                + prim + "[]" + tail
                + "@Name(\"" + name + "\") @CriticalRegion public static native int " + name
                + "_critical(@Const jconv_plan plan, @Const " + prim + "[] input, " + prim + "[]" + tail;
    }
}
