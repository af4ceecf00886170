package dev.nodeless.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code nodeless status}'s command line: every refusal is one line, exit 2, before any AWS call (the endpoint is closed). */
class StatusCommandOptionsTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--output yaml|--output must be text or json, was 'yaml'",
            "--cluster|option --cluster needs a value",
            "--verbose|unknown option --verbose",
            "--executions 0|--executions must be 1 to 1000, was 0",
            "--executions many|not a number"})
    void badOptions_areRefusedBeforeAnyCall(String args, String message) {
        String[] split = args.split(" ");

        int code = Main.run(concat(new String[] {"status", "--stack", "nodeless", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:1"}, split),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("nodeless status: ").contains(message).hasLineCount(1);
    }

    @Test
    void noStackAndNoRegion_sayWhereToGiveThem() {
        assertThatThrownBy(() -> StatusCommand.Options.parse(new String[] {}, null, "eu-west-1"))
                .hasMessageStartingWith("no stack: give --stack <name> or set NODELESS_STACK");
        assertThatThrownBy(() -> StatusCommand.Options.parse(new String[] {"--stack", "s"}, null, null))
                .hasMessage("no region: give --region or set AWS_REGION");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
