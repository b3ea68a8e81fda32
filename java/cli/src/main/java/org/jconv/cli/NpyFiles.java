package org.jconv.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jconv.Tensor;
import org.jconv.io.Npy;
import org.jconv.io.NpyFormatException;

/**
 * The command line's file handling: reading an operand and writing the result, with messages that
 * say which operand and what is wrong ({@link UserError}s: exit status 2).
 *
 * <pre>{@code
 * Tensor x = NpyFiles.read(Path.of("image.npy"), "input");
 * NpyFiles.checkWritable(Path.of("out/y.npy"));      // before computing: the directory must exist
 * NpyFiles.write(Path.of("out/y.npy"), y);
 * }</pre>
 */
final class NpyFiles {
    private NpyFiles() {
    }

    /** Reads operand {@code role} ("input", "kernel", "bias") from {@code file}. */
    static Tensor read(Path file, String role) {
        if (Files.isDirectory(file)) {
            throw new UserError(role + " " + file + " is a directory, not a .npy file");
        }
        try {
            return Npy.read(file);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read the " + role + ": no such file: " + file, e);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read the " + role + ": permission denied: " + file, e);
        } catch (NpyFormatException e) {
            throw new UserError("invalid " + role + " file " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot read the " + role + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Refuses an output whose directory does not exist (it is not created) or that is a directory. */
    static void checkWritable(Path out) {
        if (Files.isDirectory(out)) {
            throw new UserError("output " + out + " is a directory; give a file name such as " + out.resolve("out.npy"));
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Path shown = out.getParent() != null ? out.getParent() : dir;
            throw new UserError("output directory " + shown + " does not exist (jconv does not create directories)");
        }
    }

    /** Writes the result. */
    static void write(Path out, Tensor t) {
        try {
            Npy.write(out, t);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot write the output: permission denied: " + out, e);
        } catch (IOException e) {
            throw new UserError("cannot write the output " + out + ": " + e, e);
        }
    }
}
