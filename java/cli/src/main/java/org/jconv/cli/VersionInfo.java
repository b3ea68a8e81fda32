package org.jconv.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.jconv.backend.Backends;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code jconv --version}: the jconv version, whether the native backend loads here (and why not),
 * and the Java runtime.
 *
 * <pre>{@code
 * String v = VersionInfo.version();   // "0.1.0-SNAPSHOT"
 * }</pre>
 */
public final class VersionInfo implements IVersionProvider {
    /** The version the build wrote into {@code version.properties}, else the jar manifest's, else "unknown". */
    public static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = VersionInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }

    @Override
    public String[] getVersion() {
        Throwable t = Backends.nativeLoadFailure();
        String nat = t == null ? "native backend: available" : "native backend: unavailable (" + t + ")";
        return new String[] {
            "jconv " + version(),
            nat,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        };
    }
}
