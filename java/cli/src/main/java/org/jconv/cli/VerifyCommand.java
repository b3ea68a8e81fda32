package org.jconv.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jconv.golden.GoldenSet;
import org.jconv.golden.VerifyReport;
import org.jconv.golden.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jconv verify DIR}: runs every case of a golden directory on both backends (see
 * {@link Verifier}). Exit status 0 when every case passes, 1 when some fail, 2 when DIR is not a
 * golden directory.
 *
 * <pre>
 * jconv verify testdata/golden
 * </pre>
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Check jconv against a golden directory of reference outputs.",
            "DIR holds cases.json and its .npy files (format jconv-golden/1). Every case runs through its "
                    + "dialect on the native and the Java backend and is compared with the real library's "
                    + "output within the case's tolerance."},
        footer = {"",
            "Prints one line per failing case, 'FAIL <id> [<backend>] <reason>', then",
            "'N passed, M failed'. Exit status: 0 all passed, 1 some failed, 2 DIR unusable.",
            "",
            "Example:",
            "  jconv verify testdata/golden"})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The golden directory, e.g. testdata/golden.")
    Path dir;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GoldenSet set = GoldenSet.read(dir);
        VerifyReport report = Verifier.verify(set, line -> {
            out.println(line);
            out.flush();
        });
        return report.failed() == 0 ? Main.OK : Main.FAILED;
    }
}
