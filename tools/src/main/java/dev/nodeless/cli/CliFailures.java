package dev.nodeless.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.nodeless.event.MalformedEventException;
import dev.nodeless.spec.InvalidSpecException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.format.DateTimeParseException;

/**
 * Turns what a command threw into one line: bad input (a file, an argument, a document) is a refusal, exit 2; anything
 * else is a bug in Nodeless, exit 1, with the trace only under {@code --debug}.
 */
final class CliFailures {

    private CliFailures() {}

    static int report(String command, Throwable thrown, boolean debug, PrintStream err) {
        Throwable e = thrown instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : thrown;
        String refusal = refusal(e);
        if (refusal != null) {
            err.println("nodeless " + command + ": " + refusal.replace('\n', ' '));
            if (debug) thrown.printStackTrace(err);
            return 2;
        }
        err.println("nodeless " + command + ": internal error (a bug in Nodeless, not your input): " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + (debug ? "" : "; run again with --debug for the trace"));
        if (debug) thrown.printStackTrace(err);
        return 1;
    }

    /** The one-line reason when {@code e} is about the input, else null. */
    static String refusal(Throwable e) {
        if (e instanceof NoSuchFileException f) return "no such file: " + f.getFile();
        if (e instanceof AccessDeniedException f) return "cannot read " + f.getFile() + ": permission denied";
        if (e instanceof FileAlreadyExistsException f) return f.getFile() + " exists and is not a directory";
        if (e instanceof NotDirectoryException f) return f.getFile() + " is not a directory";
        if (e instanceof CharacterCodingException) return "input is not valid UTF-8 text";
        if (e instanceof StreamConstraintsException c) return "document too large or too deeply nested: " + c.getOriginalMessage();
        if (e instanceof JsonProcessingException j) {
            String where = j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
            return "not valid JSON/YAML: " + j.getOriginalMessage() + where;
        }
        if (e instanceof InvalidSpecException s) return "invalid cluster spec: " + String.join("; ", s.problems());
        if (e instanceof MalformedEventException m) return m.getMessage();
        if (e instanceof NumberFormatException n) return "not a number: " + n.getMessage();
        if (e instanceof DateTimeParseException d) return "not a time: '" + d.getParsedString() + "'";
        if (e instanceof IllegalArgumentException a) return a.getMessage();
        if (e instanceof IOException io && io.getMessage() != null && io.getMessage().contains("Is a directory")) return io.getMessage();
        return null;
    }
}
