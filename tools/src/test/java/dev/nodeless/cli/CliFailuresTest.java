package dev.nodeless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A bug is not the user's fault: it says so in one line, exit 1, and the trace only with --debug. */
class CliFailuresTest {

    private static String report(Throwable t, boolean debug, int[] code) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        code[0] = CliFailures.report("plan", t, debug, new PrintStream(err, true, StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void internalError_isOneLineExit1_pointingToDebug_andDebugPrintsTheTrace() {
        int[] code = new int[1];
        String plain = report(new NullPointerException("x was null"), false, code);
        assertThat(code[0]).isEqualTo(1);
        assertThat(plain.lines()).singleElement().asString()
                .isEqualTo("nodeless plan: internal error (a bug in Nodeless, not your input): NullPointerException: x was null; run again with --debug for the trace");

        String debug = report(new NullPointerException("x was null"), true, code);
        assertThat(debug).contains("java.lang.NullPointerException: x was null", "\tat ");
    }

    @Test
    void badInput_isExit2() {
        int[] code = new int[1];
        String out = report(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("spec.json")), false, code);
        assertThat(code[0]).isEqualTo(2);
        assertThat(out.strip()).isEqualTo("nodeless plan: no such file: spec.json");
    }
}
