package dev.nodeless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: all three offline tools on the bundled samples, in-process. */
class DemoCommandTest {

    @Test
    void demo_runsPlanReplayAndSimulateOnTheBundledSamples(@TempDir Path out) throws Exception {
        System.setProperty("nodeless.root", Path.of(System.getProperty("nodeless.root", "..")).toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"demo", "--out", out.toString()}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as("stderr: %s", stderr).isZero();
        assertThat(printed).contains("== nodeless plan ==", "== nodeless replay ==", "== nodeless simulate ==");
        assertThat(out.resolve("plan/plan.json")).isRegularFile();
        try (var manifests = Files.list(out.resolve("plan/manifests"))) {
            assertThat(manifests.count()).isGreaterThan(20);
        }
        assertThat(printed).contains("\"action\":\"grow\"");
        assertThat(out.resolve("simulate/mixed-day.png")).isRegularFile();
    }

    @Test
    void demo_rejectsUnknownArguments() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"demo", "--bogus"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("usage: nodeless demo");
    }
}
