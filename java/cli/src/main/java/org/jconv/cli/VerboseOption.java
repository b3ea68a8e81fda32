package org.jconv.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}: show the stack trace of an error (mixed into every subcommand).
 *
 * <pre>{@code
 * @CommandLine.Mixin VerboseOption verbose;
 * }</pre>
 */
public final class VerboseOption {
    @Option(names = "--verbose", description = "On an error, also print the stack trace.")
    boolean verbose;
}
