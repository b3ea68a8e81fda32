package org.jconv.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jconv} command: {@code demo} (the default), {@code verify}, {@code conv},
 * {@code explain}, {@code bench}. Exit status: 0 success, 1 an internal error (or, for {@code verify}, failing
 * cases), 2 a user mistake, reported in at most three lines ({@code --verbose} adds the stack trace).
 *
 * <pre>{@code
 * int status = Main.run(new String[] {"explain", "--dialect", "keras", "--padding", "same",
 *         "--input-shape", "1,224,224,3", "--kernel-shape", "3,3,3,64"}, System.out, System.err);
 * }</pre>
 *
 * <p>Adding a subcommand: append it to {@link #subcommands()} (or, from another jar, implement
 * {@link Subcommand} and list the class in {@code META-INF/services/org.jconv.cli.Subcommand}).
 */
@Command(name = "jconv", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Convolution with the exact conventions of scipy, Keras/TensorFlow, Theano, PyTorch and "
                + "ONNX, on a native (OpenBLAS) or pure-Java backend. Without a command: the demo."},
        footer = {"", "Run 'jconv <command> --help' for the options of a command."})
public final class Main implements Callable<Integer> {
    /** Exit status of a success. */
    public static final int OK = 0;
    /** Exit status of an internal error (and of {@code verify} when cases fail). */
    public static final int FAILED = 1;
    /** Exit status of a user mistake. */
    public static final int USAGE = 2;

    @CommandLine.Mixin
    VerboseOption verbose = new VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main() {
    }

    /**
     * The built-in subcommands, in the order {@code --help} lists them. A new subcommand (e.g.
     * {@code bench}) is one more entry here.
     */
    static List<Object> subcommands() {
        List<Object> out = new ArrayList<>(List.of(new DemoCommand(), new VerifyCommand(), new ConvCommand(),
                new ExplainCommand(), new BenchCommand()));
        for (Subcommand s : ServiceLoader.load(Subcommand.class)) {
            out.add(s);
        }
        return out;
    }

    /** The default action: the demo. */
    @Override
    public Integer call() throws Exception {
        DemoCommand demo = new DemoCommand();
        demo.out = spec.commandLine().getOut();
        return demo.call();
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.exit(status);
    }

    /** Runs the command line {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = commandLine(o, e);
        Errors errors = new Errors(e, verbose);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        List<String> argv;
        try {
            argv = extractDialectOptions(cl, Arrays.asList(args));
        } catch (UserError u) {
            return errors.report(u, commandName(cl, args));
        }
        try {
            return cl.execute(argv.toArray(new String[0]));
        } finally {
            o.flush();
            e.flush();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        for (Object sub : subcommands()) {
            cl.addSubcommand(sub);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof TakesDialectOptions) {
                CommandLine.Model.UsageMessageSpec usage = sub.getCommandSpec().usageMessage();
                List<String> footer = new ArrayList<>(Arrays.asList(usage.footer()));
                footer.addAll(DialectHelp.lines());
                usage.footer(footer.toArray(new String[0]));
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** The subcommand named in {@code args} (skipping the top-level flags), or null. */
    private static CommandLine subcommand(CommandLine cl, List<String> args) {
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            return cl.getSubcommands().get(a);
        }
        return null;
    }

    private static String commandName(CommandLine cl, String[] args) {
        CommandLine sub = subcommand(cl, Arrays.asList(args));
        return sub == null ? "jconv" : "jconv " + sub.getCommandName();
    }

    /** For a subcommand that takes dialect options, moves them out of the arguments into the command. */
    private static List<String> extractDialectOptions(CommandLine cl, List<String> args) {
        CommandLine sub = subcommand(cl, args);
        if (sub == null || !(sub.getCommand() instanceof TakesDialectOptions)) {
            return args;
        }
        int at = args.indexOf(sub.getCommandName());
        DialectOptions.Split s = DialectOptions.split(sub.getCommandSpec(), args.subList(at + 1, args.size()));
        ((TakesDialectOptions) sub.getCommand()).setDialectParams(s.params());
        List<String> out = new ArrayList<>(args.subList(0, at + 1));
        out.addAll(s.remaining());
        return out;
    }

    /** A command that receives the generic dialect options ({@link DialectOptions}). */
    interface TakesDialectOptions {
        void setDialectParams(java.util.Map<String, Object> params);
    }
}
