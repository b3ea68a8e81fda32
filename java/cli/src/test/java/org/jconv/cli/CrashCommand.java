package org.jconv.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A hidden subcommand that fails the way a bug does, registered through the {@link Subcommand}
 * service file of the test class path: it checks the extension hook and the internal-error path.
 *
 * <pre>
 * jconv test-crash     # exit status 1, "internal error"
 * </pre>
 */
@Command(name = "test-crash", hidden = true, description = "Throws an IllegalStateException (tests only).")
public final class CrashCommand implements Subcommand, Callable<Integer> {
    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() {
        throw new IllegalStateException("simulated bug");
    }
}
