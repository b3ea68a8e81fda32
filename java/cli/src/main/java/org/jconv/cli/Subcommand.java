package org.jconv.cli;

/**
 * A subcommand contributed by another jar (for example a {@code bench} module): a picocli
 * {@code @Command} class with a public no-argument constructor, listed in
 * {@code META-INF/services/org.jconv.cli.Subcommand}. Built-in subcommands are listed in
 * {@code Main.subcommands()} instead.
 *
 * <pre>{@code
 * @Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.")
 * public final class BenchCommand implements Subcommand, Callable<Integer> { ... }
 * }</pre>
 */
public interface Subcommand {
}
