package org.jconv.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.jconv.dialect.DialectRefusal;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into exit statuses and short messages. A user mistake (a {@link UserError}, an
 * {@link IllegalArgumentException} such as a dialect refusal or an invalid .npy, an
 * {@link UnsupportedOperationException}, an I/O error, a command-line syntax error) prints at most
 * three lines and exits with 2; anything else is an internal error, exit 1. {@code --verbose} adds
 * the stack trace.
 *
 * <pre>{@code
 * Errors errors = new Errors(err, verbose);
 * commandLine.setExecutionExceptionHandler(errors);
 * commandLine.setParameterExceptionHandler(errors);
 * }</pre>
 */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private static final int MAX_LINES = 3;

    private final PrintWriter err;
    private final boolean verbose;

    Errors(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        List<String> lines = new ArrayList<>();
        String unknownCommand = unknownCommand(ex, cl);
        lines.add(name + ": " + (unknownCommand != null ? unknownCommand : firstLine(ex.getMessage())));
        if (ex instanceof UnmatchedArgumentException) {
            List<String> s = ((UnmatchedArgumentException) ex).getSuggestions();
            if (!s.isEmpty()) {
                lines.add("Did you mean: " + String.join(", ", s.subList(0, Math.min(3, s.size()))) + "?");
            }
        }
        lines.add("Try '" + name + " --help' for more information.");
        print(lines, verbose ? ex : null);
        return Main.USAGE;
    }

    /** "unknown command 'x'" when the first unmatched word of the top-level command is not an option. */
    private static String unknownCommand(ParameterException ex, CommandLine cl) {
        if (!(ex instanceof UnmatchedArgumentException) || cl.getParent() != null || cl.getSubcommands().isEmpty()) {
            return null;
        }
        List<String> unmatched = ((UnmatchedArgumentException) ex).getUnmatched();
        if (unmatched.isEmpty() || unmatched.get(0).startsWith("-")) {
            return null;
        }
        return "unknown command '" + unmatched.get(0) + "' (commands: " + String.join(", ", cl.getSubcommands().keySet())
                + ")";
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        return report(ex, cl.getCommandSpec().qualifiedName());
    }

    /** Reports {@code t} raised by command {@code name}; returns the exit status. */
    int report(Throwable t, String name) {
        if (isUserMistake(t)) {
            List<String> lines = new ArrayList<>();
            for (String l : message(t).split("\\R")) {
                if (!l.isBlank()) {
                    lines.add(lines.isEmpty() ? name + ": " + l : "  " + l);
                }
            }
            if (lines.isEmpty()) {
                lines.add(name + ": " + t.getClass().getSimpleName());
            }
            print(lines, verbose ? t : null);
            return Main.USAGE;
        }
        List<String> lines = new ArrayList<>();
        lines.add(name + ": internal error: " + firstLine(String.valueOf(t)));
        lines.add(verbose ? "Please report it with the stack trace below." : "Please report it; --verbose shows the stack trace.");
        print(lines, verbose ? t : null);
        return Main.FAILED;
    }

    static boolean isUserMistake(Throwable t) {
        return t instanceof UserError || t instanceof IllegalArgumentException
                || t instanceof UnsupportedOperationException || t instanceof IOException
                || t instanceof UncheckedIOException;
    }

    private static String message(Throwable t) {
        if (t instanceof NoSuchFileException) {
            return "no such file: " + ((NoSuchFileException) t).getFile();
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) t).getFile();
        }
        if (t instanceof DialectRefusal) {
            return "refused: " + t.getMessage();
        }
        if (t instanceof UncheckedIOException && t.getCause() != null) {
            return message(t.getCause());
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private void print(List<String> lines, Throwable trace) {
        List<String> out = lines.size() <= MAX_LINES ? lines : lines.subList(0, MAX_LINES);
        for (String l : out) {
            err.println(l);
        }
        if (trace != null) {
            trace.printStackTrace(err);
        }
        err.flush();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
